package org.carbonregistry.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A batch of credits came into existence, all held by {@code toAccount}. The project's standard, country
 * and category are copied in so that a report row can be proven from the batch's own events.
 */
public record CreditsIssued(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String projectId,
        Standard standard,
        String projectCountry,
        ProjectCategory category,
        RemovalSink removalSink,
        LocalDate vintageStart,
        LocalDate vintageEnd,
        long quantity,
        String toAccount,
        String serialPrefix,
        List<SerialBlock> serialBlocks,
        List<String> labels,
        boolean correspondingAdjustment) implements BatchEvent {
}
