package org.carbonregistry.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A batch of credits came into existence, all held by {@code toAccount}. The project's standard, country
 * and category are copied in so that a report row can be proven from the batch's own events.
 * {@code externalSerials} is the serial range another programme's registry gave these credits when they were
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
        @JsonInclude(JsonInclude.Include.NON_NULL) String externalSerials) implements BatchEvent {

    /** A batch issued in this registry, not imported. */
    public CreditsIssued(UUID eventId, Instant occurredAt, String batchId, String projectId, Standard standard,
                         String projectCountry, ProjectCategory category, RemovalSink removalSink,
                         LocalDate vintageStart, LocalDate vintageEnd, long quantity, String toAccount,
                         String serialPrefix, List<SerialBlock> serialBlocks, List<String> labels,
                         boolean correspondingAdjustment) {
        this(eventId, occurredAt, batchId, projectId, standard, projectCountry, category, removalSink, vintageStart,
                vintageEnd, quantity, toAccount, serialPrefix, serialBlocks, labels, correspondingAdjustment, null);
    }
}
