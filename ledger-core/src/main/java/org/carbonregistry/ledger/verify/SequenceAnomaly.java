package org.carbonregistry.ledger.verify;

import java.util.Locale;
import java.util.Optional;

/**
 * A break in an aggregate's event {@code sequence} (envelope field, from 0, one step per event): the rule the
 * ledger applies as it appends and the audit applies again to every leaf, so that a lost or doubled event is
 * never silent.
 *
 * @param expected the sequence that should have come next (0 for the first event of an aggregate)
 * @param got      the sequence that came
 */
public record SequenceAnomaly(Kind kind, long expected, long got) {

    public enum Kind {
        /** {@code got > expected}: events in between are missing (or still to come, out of order). */
        GAP,
        /** {@code got < expected}: a sequence at or below the last one seen, carried by another event id. */
        REPEAT;

        /** The lowercase name used in JSON, metrics and the database. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromWireName(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The anomaly, if any, of an aggregate's event with sequence {@code got} when {@code lastSeen} was the highest
     * sequence seen before (null when this is the aggregate's first event). Events with the same event id are
     * deduplicated before they get here.
     */
    public static Optional<SequenceAnomaly> of(Long lastSeen, long got) {
        long expected = lastSeen == null ? 0 : lastSeen + 1;
        if (got > expected) {
            return Optional.of(new SequenceAnomaly(Kind.GAP, expected, got));
        }
        if (got < expected) {
            return Optional.of(new SequenceAnomaly(Kind.REPEAT, expected, got));
        }
        return Optional.empty();
    }

    /** The highest sequence seen after {@code got}: it never goes back, so one stray event is reported once. */
    public static long lastAfter(Long lastSeen, long got) {
        return lastSeen == null ? got : Math.max(lastSeen, got);
    }

    @Override
    public String toString() {
        return kind.wireName() + ": expected sequence " + expected + ", got " + got;
    }
}
