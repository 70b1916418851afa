package org.carbonregistry.ledger.storage;

import java.time.Instant;

/**
 * A Kafka record that was not appended. Key and value may be null (as Kafka allows).
 *
 * @param reason a short code: {@code bad-signature}, {@code not-canonical}, {@code tombstone}, {@code event-id-reused}
 *               (rows from before the codes hold their explanation here)
 * @param detail why, in words; null on rows from before the codes
 */
public record QuarantinedRecord(String topic, int partition, long offset, byte[] key, byte[] value, String reason,
                                String detail, Instant quarantinedAt) {

    public static final String TOMBSTONE = "tombstone";
    public static final String NOT_CANONICAL = "not-canonical";
    public static final String EVENT_ID_REUSED = "event-id-reused";
}
