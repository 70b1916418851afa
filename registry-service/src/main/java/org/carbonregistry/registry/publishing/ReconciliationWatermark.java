package org.carbonregistry.registry.publishing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.apache.kafka.common.TopicPartition;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How far the reconciliation has come, shared by every instance: each stored event up to {@code checkedUpTo}
 * (global index) has been compared with the topic, and the topic has been read up to {@code offsets}.
 */
@Entity
@Table(name = "reconciliation_watermark")
class ReconciliationWatermark {

    @Id
    private String topic;
    private long checkedUpTo;
    /** {@code partition:offset,...}: the next offset to read of each partition. */
    @Column(length = 8000, nullable = false)
    private String offsets;
    private Instant lastRunAt;

    protected ReconciliationWatermark() {
    }

    ReconciliationWatermark(String topic) {
        this.topic = topic;
        this.checkedUpTo = 0;
        this.offsets = "";
    }

    long checkedUpTo() {
        return checkedUpTo;
    }

    Instant lastRunAt() {
        return lastRunAt;
    }

    Map<TopicPartition, Long> offsets() {
        Map<TopicPartition, Long> read = new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
        for (String entry : offsets.split(",")) {
            if (!entry.isBlank()) {
                String[] parts = entry.split(":");
                read.put(new TopicPartition(topic, Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
            }
        }
        return read;
    }

    void advance(long checkedUpTo, Map<TopicPartition, Long> offsets, Instant now) {
        this.checkedUpTo = checkedUpTo;
        this.offsets = offsets.entrySet().stream()
                .map(entry -> entry.getKey().partition() + ":" + entry.getValue())
                .collect(Collectors.joining(","));
        this.lastRunAt = now;
    }
}
