package org.carbonregistry.registry.testing;

import org.carbonregistry.registry.rules.Stamps;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Stamps a test can predict: the n-th id handed out is {@code new UUID(0, n)} (from 1), and the time is always
 * the same instant, so expected events can be written down exactly.
 */
public class FixedStamps implements Stamps {

    /** The default "now": a Wednesday in March 2026, with milliseconds as the envelope carries them. */
    public static final Instant NOW = Instant.parse("2026-03-04T05:06:07.089Z");

    private final Instant now;
    private long issued;

    public FixedStamps() {
        this(NOW);
    }

    public FixedStamps(Instant now) {
        if (!now.truncatedTo(ChronoUnit.MILLIS).equals(now)) {
            throw new IllegalArgumentException("event time has millisecond precision, " + now + " is finer");
        }
        this.now = now;
    }

    /** The id that the n-th call of {@link #newId()} returns. */
    public static UUID id(long n) {
        return new UUID(0, n);
    }

    @Override
    public UUID newId() {
        return id(++issued);
    }

    @Override
    public Instant now() {
        return now;
    }
}
