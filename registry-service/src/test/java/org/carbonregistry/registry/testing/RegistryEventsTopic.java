package org.carbonregistry.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Reads {@code registry.events} the way a downstream service does: a plain consumer in a group of its own,
 * from the earliest offset. Only records whose envelope names one of the wanted aggregates are kept: the topic
 * also carries other tests' events.
 */
public final class RegistryEventsTopic {

    public static final String TOPIC = "registry.events";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private RegistryEventsTopic() {
    }

    /** One record as it was on the wire, with the envelope's aggregate id and event id read leniently. */
    public record Published(ConsumerRecord<String, byte[]> record, String aggregateId, String eventId) {

        public byte[] value() {
            return record.value();
        }

        public String header(String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(record.value());
            } catch (IOException e) {
                throw new AssertionError("record value is not JSON: " + new String(record.value(), StandardCharsets.UTF_8), e);
            }
        }
    }

    /**
     * Polls until {@code complete} holds for the records of {@code aggregates} read so far, or {@code timeout}
     * passes; then reads on for a moment, so that a duplicate sent right behind an original is seen too.
     * Returns what was read either way: the caller's assertions say what is missing.
     */
    public static List<Published> read(String bootstrapServers, Set<String> aggregates,
                                       Predicate<List<Published>> complete, Duration timeout) {
        return read(bootstrapServers, TOPIC, aggregates, complete, timeout);
    }

    /** As {@link #read(String, Set, Predicate, Duration)}, from a topic of another name. */
    public static List<Published> read(String bootstrapServers, String topic, Set<String> aggregates,
                                       Predicate<List<Published>> complete, Duration timeout) {
        List<Published> read = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "registry-service-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            Instant settled = null;
            while (Instant.now().isBefore(settled == null ? deadline : settled)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode envelope = lenient(record.value());
                    String aggregateId = envelope.path("aggregateId").asText(null);
                    if (aggregateId != null && aggregates.contains(aggregateId)) {
                        read.add(new Published(record, aggregateId, envelope.path("eventId").asText(null)));
                    }
                }
                if (settled == null && complete.test(read)) {
                    settled = Instant.now().plus(SETTLE);
                }
            }
        }
        return read;
    }

    /** Whether every one of {@code eventIds} has been read. */
    public static Predicate<List<Published>> containsAll(Set<String> eventIds) {
        return read -> read.stream().map(Published::eventId).collect(java.util.stream.Collectors.toSet())
                .containsAll(eventIds);
    }

    private static JsonNode lenient(byte[] value) {
        try {
            return value == null ? JSON.nullNode() : JSON.readTree(value);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }
}
