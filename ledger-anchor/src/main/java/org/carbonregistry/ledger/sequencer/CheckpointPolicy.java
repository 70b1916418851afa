package org.carbonregistry.ledger.sequencer;

import java.time.Duration;

/** When to seal: once {@code interval} has passed or {@code maxLeaves} leaves arrived since the last checkpoint, and only if the tree grew. */
public record CheckpointPolicy(Duration interval, long maxLeaves) {

    public CheckpointPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("checkpoint interval must be positive");
        }
        if (maxLeaves < 1) {
            throw new IllegalArgumentException("checkpoint leaf count must be at least 1");
        }
    }

    public boolean isDue(long leavesSinceCheckpoint, long millisSinceSeal) {
        return leavesSinceCheckpoint > 0 && (leavesSinceCheckpoint >= maxLeaves || millisSinceSeal >= interval.toMillis());
    }
}
