package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Credits were taken out of circulation without a claim (e.g. a reversal or an issuance error). */
public record CreditsCancelled(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String account,
        long quantity,
        List<SerialBlock> serialBlocks,
        String reason) implements BatchEvent {
}
