package org.carbonregistry.ledger.checkpoint;

import java.time.Instant;

/**
 * A verified witness cosignature (c2sp.org/tlog-cosignature, cosignature/v1): the witness states
 * that, at {@code timestamp} (POSIX seconds), the cosigned checkpoint was the largest consistent one
 * it had seen for the log.
 */
public record Cosignature(String witnessName, long timestamp, String noteText) {

    public Instant time() {
        return Instant.ofEpochSecond(timestamp);
    }
}
