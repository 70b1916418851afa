package org.carbonregistry.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A batch of credits came into existence, all held by {@code toAccount}. The project's standard, country
 * and category are copied in so that a report row can be proven from the batch's own events. {@code benefitType}
 * (EU CRCF) and {@code expiresOn} (temporary removals only: the credits still held expire at the start of that
 * day, UTC) are null in events written before they existed.
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
        boolean correspondingAdjustment,
        BenefitType benefitType,
        LocalDate expiresOn) implements BatchEvent {

    /** As the event was before benefit types and expiry. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment, null, null);
    }

    public BenefitType benefitTypeOrDefault() {
        return benefitType != null ? benefitType : BenefitType.defaultFor(category);
    }
}
