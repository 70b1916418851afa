package org.carbonregistry.ledger.sequencer;

import java.time.Duration;

/** Where and how the sequencer consumes: broker, topic, consumer group, batch size and poll timeout. */
public record KafkaSettings(String bootstrapServers, String topic, String groupId, int maxPollRecords, Duration pollTimeout) {
}
