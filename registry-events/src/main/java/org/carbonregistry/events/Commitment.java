package org.carbonregistry.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A hiding, binding commitment to a piece of personal text:
 * {@code base64(SHA-256("carbon-registry/commitment/v1" || 0x00 || 32-byte salt || UTF-8 text))}.
 * The log keeps the commitment forever; whoever holds the text and the salt can prove what was committed, and
 * once both are erased the commitment reveals nothing (the salt is 256 random bits).
 */
public final class Commitment {

    public static final String DOMAIN = "carbon-registry/commitment/v1";
    public static final int SALT_SIZE = 32;

    private static final byte[] DOMAIN_BYTES = DOMAIN.getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Commitment() {
    }

    /** A fresh random salt. */
    public static byte[] newSalt() {
        byte[] salt = new byte[SALT_SIZE];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** The commitment to {@code text} under {@code salt}, in standard base64 with padding. */
    public static String of(String text, byte[] salt) {
        Objects.requireNonNull(text, "text");
        if (salt == null || salt.length != SALT_SIZE) {
            throw new IllegalArgumentException("a commitment salt is " + SALT_SIZE + " bytes");
        }
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(DOMAIN_BYTES);
            sha256.update((byte) 0x00);
            sha256.update(salt);
            sha256.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The commitment to {@code text} under a salt given in base64. */
    public static String of(String text, String saltBase64) {
        return of(text, decodeSalt(saltBase64));
    }

    /** Whether {@code commitment} opens to {@code text} with {@code saltBase64}; false for any malformed input. */
    public static boolean opens(String commitment, String text, String saltBase64) {
        if (commitment == null || text == null || saltBase64 == null) {
            return false;
        }
        byte[] salt;
        try {
            salt = decodeSalt(saltBase64);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        return MessageDigest.isEqual(of(text, salt).getBytes(StandardCharsets.US_ASCII),
                commitment.getBytes(StandardCharsets.US_ASCII));
    }

    public static String encodeSalt(byte[] salt) {
        return Base64.getEncoder().encodeToString(salt);
    }

    public static byte[] decodeSalt(String saltBase64) {
        byte[] salt = Base64.getDecoder().decode(Objects.requireNonNull(saltBase64, "salt"));
        if (salt.length != SALT_SIZE) {
            throw new IllegalArgumentException("a commitment salt is " + SALT_SIZE + " bytes, got " + salt.length);
        }
        return salt;
    }
}
