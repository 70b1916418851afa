package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record CreditsTransferred(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String from,
        String to,
        long quantity,
        List<SerialBlock> serialBlocks) implements BatchEvent {
}
