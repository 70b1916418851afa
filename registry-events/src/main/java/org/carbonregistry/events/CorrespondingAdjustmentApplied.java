package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The host Party applied the corresponding adjustment for a batch's authorised units; {@code reference} names
 * where it did (e.g. its Article 6 report or AEF submission). Final: an applied adjustment is never undone.
 */
public record CorrespondingAdjustmentApplied(UUID eventId, Instant occurredAt, String batchId, String reference) implements BatchEvent {
}
