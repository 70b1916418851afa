package org.carbonregistry.reporting.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.reporting.personaldata.PersonalDataRecord;
import org.carbonregistry.reporting.projection.ConsumedRecord;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Writes to the broker with nothing but kafka-clients, as any client of the broker could: records of
 * {@code registry.events} (value and, if the record has them, the signature headers) at the partition the record
 * names, and {@code registry.personal-data} records keyed by retirement id. Also creates topics and deletes records,
 * as retention would.
 */
public final class PlainProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;

    public PlainProducer(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"));
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** {@code events} with {@code partitions} partitions, and {@code personalData} compacted. */
    public void createTopics(String events, String personalData, int partitions) {
        createTopics(events, personalData, partitions, "compact");
    }

    /** As above, with the personal-data topic's {@code cleanup.policy} ({@code compact,delete} allows deletions). */
    public void createTopics(String events, String personalData, int partitions, String personalDataCleanupPolicy) {
        try {
            admin.createTopics(List.of(new NewTopic(events, partitions, (short) 1),
                    new NewTopic(personalData, partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", personalDataCleanupPolicy)))).all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create " + events + " and " + personalData, e);
        }
    }

    public void send(String topic, ConsumedRecord record) {
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, record.partition(), null, record.value());
        if (record.signature() != null) {
            out.headers().add(new RecordHeader(SignedEnvelope.SIGNATURE_HEADER, record.signature().getBytes(StandardCharsets.UTF_8)));
        }
        if (record.keyId() != null) {
            out.headers().add(new RecordHeader(SignedEnvelope.KEY_ID_HEADER, record.keyId().getBytes(StandardCharsets.UTF_8)));
        }
        sendNow(out);
    }

    public void sendAll(String topic, List<ConsumedRecord> records) {
        records.forEach(record -> send(topic, record));
    }

    public void send(String topic, PersonalDataRecord record) {
        sendNow(new ProducerRecord<>(topic, record.partition(), record.retirementId().getBytes(StandardCharsets.UTF_8),
                record.value()));
    }

    /** Deletes every record of the partition below {@code beforeOffset}, as retention would. */
    public void deleteRecords(String topic, int partition, long beforeOffset) {
        try {
            admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(beforeOffset)))
                    .all().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot delete records of " + topic + "/" + partition, e);
        }
    }

    private void sendNow(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot send to " + record.topic(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
        admin.close();
    }

}
