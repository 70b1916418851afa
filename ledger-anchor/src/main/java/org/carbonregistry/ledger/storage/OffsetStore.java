package org.carbonregistry.ledger.storage;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/** The next Kafka offset to read per topic partition, the consumer's only source of truth for where to resume. */
public final class OffsetStore {

    private final JdbcTemplate jdbc;

    public OffsetStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<TopicPartitionKey, Long> all() {
        Map<TopicPartitionKey, Long> offsets = new HashMap<>();
        jdbc.query("SELECT topic, kafka_partition, next_offset FROM ledger_kafka_offset", rs -> {
            offsets.put(new TopicPartitionKey(rs.getString(1), rs.getInt(2)), rs.getLong(3));
        });
        return offsets;
    }

    /** Records the next offsets; runs inside the append transaction, which holds the sequencer lease. */
    public void save(Map<TopicPartitionKey, Long> nextOffsets) {
        for (Map.Entry<TopicPartitionKey, Long> entry : nextOffsets.entrySet()) {
            TopicPartitionKey partition = entry.getKey();
            int updated = jdbc.update("UPDATE ledger_kafka_offset SET next_offset = ? WHERE topic = ? AND kafka_partition = ?",
                    entry.getValue(), partition.topic(), partition.partition());
            if (updated == 0) {
                jdbc.update("INSERT INTO ledger_kafka_offset (topic, kafka_partition, next_offset) VALUES (?, ?, ?)",
                        partition.topic(), partition.partition(), entry.getValue());
            }
        }
    }

    /** A Kafka topic partition, without depending on the Kafka client here. */
    public record TopicPartitionKey(String topic, int partition) {
    }
}
