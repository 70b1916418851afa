package org.carbonregistry.registry.rules;

import org.carbonregistry.events.EventJson;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

public class SystemStamps implements Stamps {

    private final Clock clock;

    public SystemStamps(Clock clock) {
        this.clock = clock;
    }

    @Override
    public UUID newId() {
        return UUID.randomUUID();
    }

    @Override
    public Instant now() {
        return EventJson.eventTime(clock.instant());
    }
}
