package org.carbonregistry.reporting.projection;

import org.carbonregistry.ledger.envelope.SignedEnvelope;

/**
 * One record of {@code registry.events} as it came off the topic: where it was, its value (which should be a
 * canonical event envelope) and the registry's signature headers ({@code registry-signature},
 * {@code registry-key-id}; null when the record had none).
 */
public record ConsumedRecord(int partition, long offset, byte[] value, String signature, String keyId) {

    public ConsumedRecord {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("invalid position " + partition + "/" + offset);
        }
    }

    /** A record without signature headers. */
    public ConsumedRecord(int partition, long offset, byte[] value) {
        this(partition, offset, value, null, null);
    }

    /** What the signature check needs: the exact bytes and the headers. Null value: nothing was signed. */
    public SignedEnvelope signed() {
        return new SignedEnvelope(value == null ? new byte[0] : value, signature, keyId);
    }
}
