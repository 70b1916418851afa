package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Credits were used for a claim and can never move again. Who benefits and why are personal data, so the
 * immutable log carries only their {@link Commitment commitments}; the text and salts travel on the compacted
 * topic {@code registry.personal-data} ({@link RetirementPersonalData}) and can be erased.
 */
public record CreditsRetired(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String retirementId,
        String account,
        long quantity,
        List<SerialBlock> serialBlocks,
        String beneficiaryCommitment,
        String purposeCommitment,
        int reportingYear,
        String jurisdiction) implements BatchEvent {
}
