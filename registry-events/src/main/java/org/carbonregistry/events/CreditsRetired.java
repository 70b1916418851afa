package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Credits were used for a claim and can never move again. */
public record CreditsRetired(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String retirementId,
        String account,
        long quantity,
        List<SerialBlock> serialBlocks,
        String beneficiary,
        String purpose,
        int reportingYear,
        String jurisdiction) implements BatchEvent {
}
