package org.carbonregistry.ledger.storage;

import java.util.Objects;

/**
 * A leaf as stored: its index in the log, its event id, SHA-256(0x00 || envelope), the canonical envelope, and the
 * registry's signature and key id over the envelope (both null for leaves logged before the registry signed events).
 */
public record StoredLeaf(long leafIndex, String eventId, byte[] leafHash, byte[] envelope, String registrySignature,
                         String registryKeyId) {

    public StoredLeaf {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(envelope, "envelope");
    }

    /** A leaf without a registry signature. */
    public StoredLeaf(long leafIndex, String eventId, byte[] leafHash, byte[] envelope) {
        this(leafIndex, eventId, leafHash, envelope, null, null);
    }
}
