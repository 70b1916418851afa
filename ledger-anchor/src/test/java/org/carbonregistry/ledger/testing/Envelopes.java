package org.carbonregistry.ledger.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.EventEnvelope;

/** Canonical event envelopes as the registry publishes them, for tests that feed the ledger directly. */
public final class Envelopes {

    private Envelopes() {
    }

    /** The canonical bytes of an AccountOpened envelope with a fresh event id. */
    public static byte[] accountOpened(int number) {
        return accountOpened(UUID.randomUUID(), number);
    }

    public static byte[] accountOpened(UUID eventId, int number) {
        String accountId = "account-" + number;
        AccountOpened event = new AccountOpened(eventId, Instant.parse("2026-01-02T03:04:05.123Z").plus(number, ChronoUnit.MILLIS),
                accountId, "Organisation " + number, AccountType.CORPORATE, "DE");
        return EventEnvelope.of(event, accountId, 0, "registry").canonicalBytes();
    }

    /** An envelope of aggregate {@code aggregateId} with event sequence number {@code sequence} and a fresh event id. */
    public static byte[] inSequence(String aggregateId, long sequence) {
        AccountOpened event = new AccountOpened(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05.123Z"),
                aggregateId, "Organisation " + aggregateId, AccountType.CORPORATE, "DE");
        return EventEnvelope.of(event, aggregateId, sequence, "registry").canonicalBytes();
    }

    public static String eventIdOf(byte[] envelope) {
        return EventEnvelope.fromCanonicalBytes(envelope).eventId().toString();
    }
}
