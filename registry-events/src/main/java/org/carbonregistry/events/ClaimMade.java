package org.carbonregistry.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The account made a claim for {@code periodStart}..{@code periodEnd} backed by its own retirements, each of which
 * backs no other claim; {@code tonnes} is their sum. The statement is free text that may name people, so the log
 * carries only its {@link Commitment}; the text stays in registry-service.
 */
public record ClaimMade(
        UUID eventId,
        Instant occurredAt,
        String accountId,
        String claimId,
        ClaimType type,
        LocalDate periodStart,
        LocalDate periodEnd,
        String statementCommitment,
        List<ClaimedRetirement> retirements,
        long tonnes) implements AccountEvent {
}
