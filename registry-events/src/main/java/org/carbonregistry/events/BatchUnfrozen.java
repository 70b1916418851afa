package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

public record BatchUnfrozen(UUID eventId, Instant occurredAt, String batchId, String reason) implements BatchEvent {
}
