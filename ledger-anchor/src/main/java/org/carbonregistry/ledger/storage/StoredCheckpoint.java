package org.carbonregistry.ledger.storage;

import java.time.Instant;
import java.util.Objects;

/** A sealed checkpoint: its tree size, the signed note exactly as signed, and when it was sealed. */
public record StoredCheckpoint(long treeSize, String note, Instant sealedAt) {

    public StoredCheckpoint {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(sealedAt, "sealedAt");
    }
}
