package org.carbonregistry.registry.rules;

import java.time.Instant;
import java.util.UUID;

/** Where events get their identity and time, injectable so that rules can be tested with exact events. */
public interface Stamps {

    UUID newId();

    /** Now, truncated to milliseconds as the event envelope carries it. */
    Instant now();
}
