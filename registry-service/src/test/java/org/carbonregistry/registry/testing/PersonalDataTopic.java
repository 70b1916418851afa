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

/** The compacted topic {@code registry.personal-data} of the shared test broker, read from the beginning. */
public final class PersonalDataTopic {

    private PersonalDataTopic() {
    }

    /** The newest value under {@code key}; an empty array for a tombstone, null if there is none. */
    public static byte[] latestValue(String key) {
        byte[] latest = null;
        for (ConsumerRecord<String, byte[]> record : readPartition(partitionOf(key))) {
            if (key.equals(record.key())) {
                latest = record.value() == null ? new byte[0] : record.value();
            }
        }
        return latest;
    }

    /** The newest value under every key of the topic; an empty array for a tombstone. */
    public static Map<String, byte[]> latestValues() {
        Map<String, byte[]> latest = new HashMap<>();
        for (int partition = 0; partition < partitions(); partition++) {
            for (ConsumerRecord<String, byte[]> record : readPartition(partition)) {
                latest.put(record.key(), record.value() == null ? new byte[0] : record.value());
            }
        }
        return latest;
    }

    /** Where each record whose value contains {@code text} is, as topic-partition@offset. */
    public static List<String> valuesContaining(String text) {
        List<String> found = new ArrayList<>();
        for (int partition = 0; partition < partitions(); partition++) {
            for (ConsumerRecord<String, byte[]> record : readPartition(partition)) {
                if (record.value() != null && new String(record.value(), StandardCharsets.UTF_8).contains(text)) {
                    found.add(record.topic() + "-" + record.partition() + "@" + record.offset());
                }
            }
        }
        return found;
    }

    /** The partition the default partitioner puts {@code key} in (murmur2 of the key bytes). */
    public static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions();
    }

    private static List<ConsumerRecord<String, byte[]>> readPartition(int partition) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            TopicPartition topicPartition = new TopicPartition(RetirementPersonalData.TOPIC, partition);
            consumer.assign(List.of(topicPartition));
            consumer.seekToBeginning(List.of(topicPartition));
            long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
            while (consumer.position(topicPartition) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static int partitions() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.partitionsFor(RetirementPersonalData.TOPIC).size();
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}
