package org.carbonregistry.registry.batch;

import org.carbonregistry.events.BatchInvalidated.CancelledHolding;

import java.util.List;
import java.util.UUID;

/**
 * What invalidating a batch hands back: the event, the holdings it cancelled and how many of the batch's
 * retirements now rest on an invalidated batch.
 */
public record BatchInvalidation(String batchId, UUID eventId, String serialPrefix, String reason, long quantity,
                                List<CancelledHolding> cancelled, int retirementsAffected) {
}
