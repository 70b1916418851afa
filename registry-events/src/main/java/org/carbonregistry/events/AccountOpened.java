package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/** An organisation was admitted to the registry. {@code jurisdiction} is ISO 3166-1 alpha-2. */
public record AccountOpened(
        UUID eventId,
        Instant occurredAt,
        String accountId,
        String name,
        AccountType type,
        String jurisdiction) implements AccountEvent {
}
