package org.carbonregistry.ledger.envelope;

import java.security.InvalidKeyException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.VerifierKey;

/**
 * Checks that an envelope was signed by the registry: one of the trusted keys, named by the record's key id,
 * made the signature over exactly the record's bytes. Consumers quarantine what fails with reason
 * {@value #REASON} instead of appending or projecting it.
 */
public final class EnvelopeVerifier {

    /** The quarantine reason for a record without a valid registry signature. */
    public static final String REASON = "bad-signature";

    /** Decoded once: every leaf of the log is verified against one of these. */
    private final Map<String, Ed25519.VerifyingKey> keysById;
    private final List<VerifierKey> keys;

    public EnvelopeVerifier(Collection<VerifierKey> trustedKeys) {
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("at least one registry key must be trusted");
        }
        this.keys = List.copyOf(trustedKeys);
        this.keysById = trustedKeys.stream().collect(Collectors.toUnmodifiableMap(VerifierKey::keyIdHex,
                EnvelopeVerifier::publicKey, (first, second) -> {
                    throw new IllegalArgumentException("two trusted registry keys share a key id");
                }));
    }

    /** Parses a comma-separated list of note verifier keys, e.g. {@code REGISTRY_VERIFIER_KEYS}. */
    public static EnvelopeVerifier parse(String commaSeparatedKeys) throws NoteException {
        List<VerifierKey> parsed = new java.util.ArrayList<>();
        for (String key : commaSeparatedKeys.split(",")) {
            if (!key.isBlank()) {
                parsed.add(VerifierKey.parse(key.strip()));
            }
        }
        return new EnvelopeVerifier(parsed);
    }

    public List<VerifierKey> trustedKeys() {
        return keys;
    }

    /** Empty when the registry signed {@code record}; otherwise why not, in words fit for a quarantine entry. */
    public Optional<String> problem(SignedEnvelope record) {
        if (record.signature() == null || record.keyId() == null) {
            return Optional.of("the record has no " + SignedEnvelope.SIGNATURE_HEADER + " or "
                    + SignedEnvelope.KEY_ID_HEADER + " header");
        }
        Ed25519.VerifyingKey key = keysById.get(record.keyId());
        if (key == null) {
            return Optional.of("signed with key " + record.keyId() + ", which is not a trusted registry key");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(record.signature());
        } catch (IllegalArgumentException notBase64) {
            return Optional.of("the signature is not base64");
        }
        if (!key.verify(record.envelope(), signature)) {
            return Optional.of("the signature of key " + record.keyId() + " does not verify over the record's bytes");
        }
        return Optional.empty();
    }

    public boolean verifies(SignedEnvelope record) {
        return problem(record).isEmpty();
    }

    private static Ed25519.VerifyingKey publicKey(VerifierKey key) {
        if (key.signatureType() != VerifierKey.TYPE_ED25519) {
            throw new IllegalArgumentException("registry key " + key + " is not an Ed25519 key");
        }
        try {
            return Ed25519.VerifyingKey.of(key.publicKey());
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("registry key " + key + ": " + e.getMessage(), e);
        }
    }

}
