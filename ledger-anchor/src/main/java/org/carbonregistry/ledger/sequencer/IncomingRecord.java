package org.carbonregistry.ledger.sequencer;

import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.storage.OffsetStore.TopicPartitionKey;

/**
 * A consumed Kafka record as the sequencer sees it; key and value may be null.
 *
 * @param signature the {@value SignedEnvelope#SIGNATURE_HEADER} header, or null when the record has none
 * @param keyId     the {@value SignedEnvelope#KEY_ID_HEADER} header, or null when the record has none
 */
public record IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value, String signature,
                             String keyId) {

    /** A record without registry signature headers. */
    public IncomingRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this(topic, partition, offset, key, value, null, null);
    }

    public TopicPartitionKey topicPartition() {
        return new TopicPartitionKey(topic, partition);
    }

    /** The value with the signature headers; only for records that have a value. */
    SignedEnvelope signedEnvelope() {
        return new SignedEnvelope(value, signature, keyId);
    }
}
