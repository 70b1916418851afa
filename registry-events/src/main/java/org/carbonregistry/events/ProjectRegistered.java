package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A mitigation project was registered; {@code removalSink} is set for removals only. {@code benefitType} (EU CRCF)
 * is null in events written before it existed: read it through {@link #benefitTypeOrDefault()}.
 */
public record ProjectRegistered(
        UUID eventId,
        Instant occurredAt,
        String projectId,
        String name,
        Standard standard,
        String methodology,
        String country,
        ProjectCategory category,
        RemovalSink removalSink,
        String type,
        String developerAccountId,
        BenefitType benefitType) implements RegistryEvent {

    /** As the event was before the benefit type: the default for its category. */
    public ProjectRegistered(UUID eventId, Instant occurredAt, String projectId, String name, Standard standard,
                             String methodology, String country, ProjectCategory category, RemovalSink removalSink,
                             String type, String developerAccountId) {
        this(eventId, occurredAt, projectId, name, standard, methodology, country, category, removalSink, type,
                developerAccountId, null);
    }

    public BenefitType benefitTypeOrDefault() {
        return benefitType != null ? benefitType : BenefitType.defaultFor(category);
    }
}
