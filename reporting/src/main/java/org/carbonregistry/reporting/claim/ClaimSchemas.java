package org.carbonregistry.reporting.claim;

import java.util.List;

/**
 * A claim as {@link ClaimJson} writes it, as records for the OpenAPI document only; the contract test checks real
 * answers against them.
 */
public final class ClaimSchemas {

    private ClaimSchemas() {
    }

    /**
     * One retirement behind the claim; {@code eventId} and its proof URL are null before it was projected;
     * {@code invalidated} when its batch was invalidated since.
     */
    public record ClaimedRetirement(String retirementId, String eventId, String batchId, long tonnes,
                                    String inclusionProofUrl, boolean invalidated, String invalidationEventId) {
    }

    /** {@code needsReplacing}: some retirement behind it is from a batch invalidated since. */
    public record Claim(String claimId, String account, String type, String periodStart, String periodEnd, long tonnes,
                        String statementCommitment, String eventId, String claimedAt, String leafHash,
                        String inclusionProofUrl, boolean needsReplacing, List<ClaimedRetirement> retirements) {
    }
}
