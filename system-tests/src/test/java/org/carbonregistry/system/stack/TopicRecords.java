package org.carbonregistry.system.stack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carbonregistry.events.EventEnvelope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Every record on a topic, from the first offset to the end, as a plain consumer outside any group sees it. */
public final class TopicRecords {

    /** One record: where it was, its key and its bytes, parsed as the envelope the registry promises. */
    public record Record(int partition, long offset, String key, byte[] value, EventEnvelope envelope) {
    }

    private TopicRecords() {
    }

    /** One record as it is on the topic: a compacted topic's tombstones have a null value. */
    public record RawRecord(int partition, long offset, String key, byte[] value) {
    }

    /** Every record of {@code topic}, parsed as envelopes. */
    public static List<Record> readAll(String bootstrapServers, String topic) {
        return readRaw(bootstrapServers, topic).stream()
                .map(raw -> new Record(raw.partition(), raw.offset(), raw.key(), raw.value(),
                        EventEnvelope.fromCanonicalBytes(raw.value())))
                .toList();
    }

    /**
     * Appends a tombstone under a key nobody uses to one partition. A compacted partition's newest segment is never
     * cleaned, so a test that waits for compaction keeps appending, as live traffic would, to roll it.
     */
    public static void appendFiller(String bootstrapServers, String topic, int partition) {
        Properties settings = new Properties();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, partition,
                    ("filler-" + java.util.UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8), null)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not append to " + topic + "-" + partition, e.getCause());
        }
    }

    /** Every record still on {@code topic}, from the beginning to the current end offsets. */
    public static List<RawRecord> readRaw(String bootstrapServers, String topic) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<RawRecord> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + ends + " within 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(new RawRecord(record.partition(), record.offset(),
                            record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8),
                            record.value()));
                }
            }
            return records;
        }
    }
}
