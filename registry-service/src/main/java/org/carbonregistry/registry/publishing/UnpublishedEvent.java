package org.carbonregistry.registry.publishing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored event older than the gap timeout that the topic did not hold when the reconciliation looked. */
@Entity
@Table(name = "reconciliation_unpublished_event")
class UnpublishedEvent {

    @Id
    private long globalIndex;
    @Column(nullable = false)
    private String eventIdentifier;
    @Column(nullable = false)
    private String aggregateId;
    private long sequence;
    private String payloadType;
    private String eventTimestamp;
    @Column(nullable = false)
    private Instant detectedAt;

    protected UnpublishedEvent() {
    }

    UnpublishedEvent(long globalIndex, String eventIdentifier, String aggregateId, long sequence, String payloadType,
                     String eventTimestamp, Instant detectedAt) {
        this.globalIndex = globalIndex;
        this.eventIdentifier = eventIdentifier;
        this.aggregateId = aggregateId;
        this.sequence = sequence;
        this.payloadType = payloadType;
        this.eventTimestamp = eventTimestamp;
        this.detectedAt = detectedAt;
    }

    long globalIndex() {
        return globalIndex;
    }

    String eventIdentifier() {
        return eventIdentifier;
    }

    /** For the health details: enough to find the event in the store and on the topic. */
    Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("globalIndex", globalIndex);
        described.put("eventIdentifier", eventIdentifier);
        described.put("aggregateId", aggregateId);
        described.put("sequence", sequence);
        described.put("type", payloadType == null ? null : payloadType.substring(payloadType.lastIndexOf('.') + 1));
        described.put("timestamp", eventTimestamp);
        described.put("detectedAt", detectedAt.toString());
        return described;
    }
}
