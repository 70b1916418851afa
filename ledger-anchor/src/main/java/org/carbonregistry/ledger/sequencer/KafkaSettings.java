package org.carbonregistry.ledger.sequencer;

import java.time.Duration;

/**
 * Where and how the sequencer consumes: broker, topic, consumer group, batch size, poll timeout, and how long the
 * broker may hold a fetch to fill it ({@code fetch.min.bytes}, {@code fetch.max.wait.ms}).
 */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, int maxPollRecords, Duration pollTimeout,
                            int fetchMinBytes, Duration fetchMaxWait) {
}
