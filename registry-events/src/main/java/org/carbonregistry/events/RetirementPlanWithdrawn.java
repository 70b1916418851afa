package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/** A retirement plan of the account no longer holds; reports from then on leave it out. */
public record RetirementPlanWithdrawn(
        UUID eventId,
        Instant occurredAt,
        String accountId,
        String planId) implements AccountEvent {
}
