package org.carbonregistry.reporting.claim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A claim as the log has it: its statement only as a commitment, and the retirements behind it with their tonnes. */
public record ClaimView(String claimId, UUID eventId, String accountId, String type, LocalDate periodStart,
                        LocalDate periodEnd, String statementCommitment, long tonnes, Instant claimedAt,
                        String leafHash, List<Retirement> retirements) {

    public record Retirement(String retirementId, UUID eventId, String batchId, long quantity) {
    }
}
