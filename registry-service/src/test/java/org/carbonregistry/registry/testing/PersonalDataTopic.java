package org.carbonregistry.registry.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.kafka.local.SharedKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The compacted topic {@code registry.personal-data} of the shared test broker, read from the beginning. */
public final class PersonalDataTopic {

    private PersonalDataTopic() {
    }

    /** The newest value under {@code key}; an empty array for a tombstone, null if there is none. */
    public static byte[] latestValue(String key) {
        byte[] latest = null;
        for (ConsumerRecord<String, byte[]> record : records(key)) {
            if (key.equals(record.key())) {
                latest = record.value() == null ? new byte[0] : record.value();
            }
        }
        return latest;
    }

    /** The newest value under every key of the topic; an empty array for a tombstone. */
    public static Map<String, byte[]> latestValues() {
        Map<String, byte[]> latest = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records(null)) {
            latest.put(record.key(), record.value() == null ? new byte[0] : record.value());
        }
        return latest;
    }

    /** Where each record whose value contains {@code text} is, as topic-partition@offset. */
    public static List<String> valuesContaining(String text) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records(null)) {
            if (record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(text)) {
                found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
            }
        }
        return found;
    }

    /** The partition the default partitioner puts {@code key} in (murmur2 of the key bytes). */
    public static int partitionOf(String key) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return partitionOf(key, consumer.partitionsFor(RetirementPersonalData.TOPIC).size());
        }
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * Every record from the beginning of the partition that holds {@code key}, or of every partition when it is null,
     * in offset order within each partition; read by one consumer.
     */
    private static List<ConsumerRecord<String, byte[]>> records(String key) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            int count = consumer.partitionsFor(RetirementPersonalData.TOPIC).size();
            List<TopicPartition> partitions = IntStream.range(0, count)
                    .filter(partition -> key == null || partition == partitionOf(key, count))
                    .mapToObj(partition -> new TopicPartition(RetirementPersonalData.TOPIC, partition)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
