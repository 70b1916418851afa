package org.carbonregistry.registry.publishing;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A record read back from the topic whose stored event the reconciliation has not yet reached. Named by
 * aggregate and sequence, which the envelope carries and the event store holds unique; deleted once the
 * watermark passes its event, so the table holds only the last few seconds of records. When it was read tells the
 * few left over (a copy read after its event was passed) from those still waiting for their event.
 */
@Entity
@Table(name = "reconciliation_published_record")
@IdClass(PublishedRecord.Key.class)
class PublishedRecord {

    @Id
    private String aggregateId;
    @Id
    private long sequence;
    /** null in rows read before this was kept */
    private Instant rememberedAt;

    protected PublishedRecord() {
    }

    PublishedRecord(Key key, Instant rememberedAt) {
        this.aggregateId = key.aggregateId();
        this.sequence = key.sequence();
        this.rememberedAt = rememberedAt;
    }

    /** The id class: a plain class, as JPA wants one. */
    static final class Key implements Serializable {
        private String aggregateId;
        private long sequence;

        protected Key() {
        }

        Key(String aggregateId, long sequence) {
            this.aggregateId = aggregateId;
            this.sequence = sequence;
        }

        String aggregateId() {
            return aggregateId;
        }

        long sequence() {
            return sequence;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.sequence == sequence && Objects.equals(key.aggregateId, aggregateId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(aggregateId, sequence);
        }
    }
}
