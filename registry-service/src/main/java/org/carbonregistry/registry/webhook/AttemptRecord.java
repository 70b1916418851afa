package org.carbonregistry.registry.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One POST of a delivery: when, and what came back (a status code, or why none did). */
@Entity
@Table(name = "webhook_attempt", indexes = @Index(name = "webhook_attempt_of_delivery", columnList = "deliveryId"))
class AttemptRecord {

    @Id
    @Column(length = 36)
    private String attemptId;
    @Column(length = 36, nullable = false)
    private String deliveryId;
    @Column(nullable = false)
    private Instant attemptedAt;
    private Integer statusCode;
    @Column(length = 500)
    private String error;
    private long durationMillis;

    protected AttemptRecord() {
    }

    AttemptRecord(String deliveryId, Instant attemptedAt, Integer statusCode, String error, long durationMillis) {
        this.attemptId = UUID.randomUUID().toString();
        this.deliveryId = deliveryId;
        this.attemptedAt = attemptedAt;
        this.statusCode = statusCode;
        this.error = error;
        this.durationMillis = durationMillis;
    }

    String deliveryId() { return deliveryId; }
    Instant attemptedAt() { return attemptedAt; }
    Integer statusCode() { return statusCode; }
    String error() { return error; }
    long durationMillis() { return durationMillis; }
}
