package org.carbonregistry.reporting.claim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A claim as the log has it: its statement only as a commitment, and the retirements behind it with their tonnes. */
public record ClaimView(String claimId, UUID eventId, String accountId, String type, LocalDate periodStart,
                        LocalDate periodEnd, String statementCommitment, long tonnes, Instant claimedAt,
                        String leafHash, List<Retirement> retirements) {

    /** {@code invalidationEventId}: the {@code BatchInvalidated} of the retirement's batch, null while it is valid. */
    public record Retirement(String retirementId, UUID eventId, String batchId, long quantity, UUID invalidationEventId) {

        public boolean invalidated() {
            return invalidationEventId != null;
        }
    }

    /** A claim resting on a retirement from an invalidated batch no longer stands as made: it needs replacing. */
    public boolean needsReplacing() {
        return retirements.stream().anyMatch(Retirement::invalidated);
    }
}
