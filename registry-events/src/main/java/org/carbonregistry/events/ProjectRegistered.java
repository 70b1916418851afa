package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/** A mitigation project was registered; {@code removalSink} is set for removals only. */
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
        String developerAccountId) implements RegistryEvent {
}
