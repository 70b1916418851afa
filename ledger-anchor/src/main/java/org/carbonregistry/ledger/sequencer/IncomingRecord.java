package org.carbonregistry.ledger.sequencer;

import org.carbonregistry.ledger.storage.OffsetStore.TopicPartitionKey;

/** A consumed Kafka record as the sequencer sees it; key and value may be null. */
public record IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value) {

    public TopicPartitionKey topicPartition() {
        return new TopicPartitionKey(topic, partition);
    }
}
