package org.carbonregistry.ledger.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

    /** Sends all and waits until the broker acknowledged every one. */
    public void sendAll(List<byte[]> values) {
        List<Future<RecordMetadata>> sent = values.stream().map(value -> send("aggregate-" + (value.length % 7), value)).toList();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("send failed", e.getCause());
            }
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
