package org.carbonregistry.ledger.storage;

import java.util.Objects;

/** A leaf as stored: its index in the log, its event id, SHA-256(0x00 || envelope) and the canonical envelope. */
public record StoredLeaf(long leafIndex, String eventId, byte[] leafHash, byte[] envelope) {

    public StoredLeaf {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(envelope, "envelope");
    }
}
