package org.carbonregistry.ledger.envelope;

import java.util.Objects;

/**
 * Canonical envelope bytes with the registry's signature over them, as one Kafka record carries them.
 *
 * @param envelope  the canonical envelope bytes (the record value)
 * @param signature base64 Ed25519 signature (header {@value #SIGNATURE_HEADER}), null when the record had none
 * @param keyId     8 lowercase hex digits of the signing key's id (header {@value #KEY_ID_HEADER}), or null
 */
public record SignedEnvelope(byte[] envelope, String signature, String keyId) {

    public static final String SIGNATURE_HEADER = "registry-signature";
    public static final String KEY_ID_HEADER = "registry-key-id";

    public SignedEnvelope {
        Objects.requireNonNull(envelope, "envelope");
    }
}
