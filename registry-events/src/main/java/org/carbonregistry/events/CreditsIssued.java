package org.carbonregistry.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A batch of credits came into existence, all held by {@code toAccount}. The project's standard, country
 * and category are copied in so that a report row can be proven from the batch's own events.
 *
 * <p>{@code article6} is absent from issuances made before the Article 6 fields (their bytes stay as signed); read
 * a batch's Article 6 state with {@link Article6#of(CreditsIssued)}. {@code correspondingAdjustment} stays for
 * older readers: true when an adjustment is pending or applied.
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
        @JsonInclude(JsonInclude.Include.NON_NULL) Article6 article6) implements BatchEvent {

    /** An issuance without Article 6 fields, as before they existed. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment, null);
    }
}
