package org.carbonregistry.registry.batch;

import java.time.Instant;
import java.util.UUID;

/**
 * Why and when a batch was invalidated, on the batch and on each of its retirements: a claim resting on such a
 * retirement needs replacing.
 */
record InvalidationResponse(UUID eventId, String reason, Instant invalidatedAt) {

    /** null while the batch is valid */
    static InvalidationResponse of(BatchView batch) {
        return batch.invalidationEventId() == null ? null
                : new InvalidationResponse(batch.invalidationEventId(), batch.invalidationReason(), batch.invalidatedAt());
    }
}
