package org.carbonregistry.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A batch of credits came into existence, all held by {@code toAccount}. The project's standard, country
 * and category are copied in so that a report row can be proven from the batch's own events. {@code benefitType}
 * (EU CRCF) and {@code expiresOn} (temporary removals only: the credits still held expire at the start of that
 * day, UTC) are null in events written before they existed.
 *
 * <p>{@code article6} is absent from issuances made before the Article 6 fields (their bytes stay as signed); read
 * a batch's Article 6 state with {@link Article6#of(CreditsIssued)}. {@code correspondingAdjustment} stays for
 * older readers: true when an adjustment is pending or applied.
 *
 * <p>{@code externalSerials} is the serial range another programme's registry gave these credits when they were
 * imported from its export (e.g. Verra's {@code 19385-941467007-941467431-VCS-VCU-…}); absent otherwise, and then
 * left out of the JSON, so events from before the field hash to the same bytes as ever.
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
        LocalDate expiresOn,
        @JsonInclude(JsonInclude.Include.NON_NULL) Article6 article6,
        @JsonInclude(JsonInclude.Include.NON_NULL) String externalSerials) implements BatchEvent {

    /** As the event was before benefit types, expiry, the Article 6 fields and imports. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment, null, null,
                null, null);
    }

    /** As the event was before the Article 6 fields. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment, BenefitType benefitType, LocalDate expiresOn) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment,
                benefitType, expiresOn, null, null);
    }

    /** As the event was before benefit types and expiry. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment, Article6 article6) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment,
                null, null, article6, null);
    }

    /** An imported batch, as the event was before benefit types, expiry and the Article 6 fields. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment, String externalSerials) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment,
                null, null, null, externalSerials);
    }

    public BenefitType benefitTypeOrDefault() {
        return benefitType != null ? benefitType : BenefitType.defaultFor(category);
    }
}
