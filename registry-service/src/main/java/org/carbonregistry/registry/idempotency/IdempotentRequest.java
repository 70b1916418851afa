package org.carbonregistry.registry.idempotency;

import org.carbonregistry.registry.rules.CommandRefused;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A write sent with an {@code Idempotency-Key}: the key and a hash of what was asked (endpoint, path and
 * body), so that the same key with another request can be told apart from a retry. Personal data (a retirement's
 * beneficiary and purpose, and their salts) is hashed apart, in {@code personalDataHash}: a hash of a name can be
 * tested against guesses, so erasure deletes it, and a retry after erasure is still recognised by the rest.
 */
public record IdempotentRequest(String key, String requestHash, String personalDataHash) {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    static final String KEY_METADATA = "idempotencyKey";
    static final String HASH_METADATA = "idempotencyRequestHash";
    static final String PERSONAL_DATA_HASH_METADATA = "idempotencyPersonalDataHash";
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * @param operation names the endpoint and its path variables, so one key cannot be replayed elsewhere
     * @param canonicalBody the request body without personal data, in a stable form (the parsed request re-serialised)
     * @param canonicalPersonalData the personal data of the request in a stable form, or null when it has none
     * @return null when no key was sent
     */
    public static IdempotentRequest of(String key, String operation, String canonicalBody, String canonicalPersonalData) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw CommandRefused.invalid(HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        return new IdempotentRequest(key, sha256(operation + "\n" + canonicalBody),
                canonicalPersonalData == null ? null : sha256(operation + "\n" + canonicalPersonalData));
    }

    public static IdempotentRequest of(String key, String operation, String canonicalBody) {
        return of(key, operation, canonicalBody, null);
    }

    /** Carried as command metadata to {@link IdempotencyInterceptor}. */
    public Map<String, String> metadata() {
        return personalDataHash == null ? Map.of(KEY_METADATA, key, HASH_METADATA, requestHash)
                : Map.of(KEY_METADATA, key, HASH_METADATA, requestHash, PERSONAL_DATA_HASH_METADATA, personalDataHash);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
