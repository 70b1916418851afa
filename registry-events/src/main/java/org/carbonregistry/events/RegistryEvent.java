package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/** Every event the registry emits: identified once, stamped once, at the moment the rule accepted it. */
public sealed interface RegistryEvent
        permits AccountEvent, ProjectRegistered, BatchEvent, LabelRegistered {

    UUID eventId();

    Instant occurredAt();
}
