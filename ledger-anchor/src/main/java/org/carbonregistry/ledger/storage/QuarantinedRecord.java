package org.carbonregistry.ledger.storage;

import java.time.Instant;

/** A Kafka record that was not appended, with the reason. Key and value may be null (as Kafka allows). */
public record QuarantinedRecord(String topic, int partition, long offset, byte[] key, byte[] value, String reason,
                                Instant quarantinedAt) {
}
