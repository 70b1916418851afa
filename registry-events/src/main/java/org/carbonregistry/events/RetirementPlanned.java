package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The account plans to retire {@code quantity} tonnes in {@code plannedYear} (ESRS E1-7: credits planned to be
 * cancelled in the future, and whether under existing contractual agreements). The plan's free-text note may name
 * people, so the log carries only its {@link Commitment} ({@code noteCommitment}, null without a note); the text
 * stays in registry-service.
 */
public record RetirementPlanned(
        UUID eventId,
        Instant occurredAt,
        String accountId,
        String planId,
        long quantity,
        int plannedYear,
        boolean basedOnExistingContracts,
        String noteCommitment) implements AccountEvent {
}
