package org.carbonregistry.ledger.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

/**
 * Sends records to the ledger's topic the way the registry does: key = aggregate id, value = envelope bytes, and the
 * registry's signature headers made with {@link TestRegistry}'s key.
 */
public final class EventProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;

    public EventProducer(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(properties);
        this.topic = topic;
        awaitLeaders(bootstrapServers, topic);
    }

    /*
     * Creates the topic with the broker's defaults unless a consumer's metadata request already did, and waits until
     * every partition has a leader: records sent to a partition of a topic still being created can sit in the
     * producer until they expire when the shared broker is busy.
     */
    private static void awaitLeaders(String bootstrapServers, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + topic, e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin
                    .describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty()));
        }
    }

    public Future<RecordMetadata> send(String key, byte[] value) {
        return send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends to one partition of the topic. */
    public Future<RecordMetadata> send(int partition, String key, byte[] value) {
        return send(new ProducerRecord<>(topic, partition, key, value));
    }

    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        byte[] value = record.value();
        if (value != null) {
            SignedEnvelope signed = TestRegistry.sign(value);
            record.headers().add(SignedEnvelope.SIGNATURE_HEADER, signed.signature().getBytes(StandardCharsets.UTF_8));
            record.headers().add(SignedEnvelope.KEY_ID_HEADER, signed.keyId().getBytes(StandardCharsets.UTF_8));
        }
        return producer.send(record);
    }

    /**
     * Sends all and waits until the broker acknowledged every one. A record whose delivery timed out is sent again:
     * the ledger keeps an event once however often it arrives, as it must for the registry's own retries.
     */
    public void sendAll(List<byte[]> values) {
        List<byte[]> pending = values;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<Future<RecordMetadata>> sent = pending.stream().map(value -> send("aggregate-" + (value.length % 7), value)).toList();
            List<byte[]> timedOut = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TimeoutException) || attempt == 3) {
                        throw new IllegalStateException("send failed", e.getCause());
                    }
                    timedOut.add(pending.get(i));
                }
            }
            pending = timedOut;
        }
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
