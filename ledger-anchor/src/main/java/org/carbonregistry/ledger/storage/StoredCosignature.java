package org.carbonregistry.ledger.storage;

import java.time.Instant;

/** A witness's verified cosignature on one of our checkpoints: its signature line and the time it states. */
public record StoredCosignature(long treeSize, String witness, String signatureLine, Instant cosignedAt) {
}
