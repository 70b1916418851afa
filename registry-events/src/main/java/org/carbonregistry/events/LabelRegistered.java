package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An admin added a programme-defined label to the registry's vocabulary (see {@link CreditLabels}); from then on
 * batches may be issued with it. Labels are never withdrawn, so a batch that carries one stays valid.
 */
public record LabelRegistered(
        UUID eventId,
        Instant occurredAt,
        String code,
        String description) implements RegistryEvent {
}
