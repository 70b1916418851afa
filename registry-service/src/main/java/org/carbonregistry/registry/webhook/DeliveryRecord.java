package org.carbonregistry.registry.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;
import java.util.UUID;

/**
 * One event owed to one webhook. Written by {@link WebhookFanOut} in the transaction that moves its token, so an
 * event is owed exactly once and the debt survives restarts; the body is kept as sent, so every retry signs and
 * sends the same bytes.
 */
@Entity
@Table(name = "webhook_delivery",
        uniqueConstraints = @UniqueConstraint(name = "webhook_delivery_once", columnNames = {"webhookId", "eventId"}),
        indexes = {@Index(name = "webhook_delivery_due", columnList = "status, nextAttemptAt"),
                @Index(name = "webhook_delivery_of_hook", columnList = "webhookId, createdAt")})
class DeliveryRecord {

    enum Status {
        PENDING,
        DELIVERED,
        /** retried for the whole retry period without success, or its webhook was disabled */
        FAILED
    }

    @Id
    @Column(length = 36)
    private String deliveryId;
    @Column(length = 36, nullable = false)
    private String webhookId;
    @Column(length = 36, nullable = false)
    private String eventId;
    @Column(length = 64, nullable = false)
    private String eventType;
    @Column(nullable = false)
    private Instant occurredAt;
    @Column(length = 200_000, nullable = false)
    private String body;
    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    private Status status;
    private int attempts;
    @Column(nullable = false)
    private Instant createdAt;
    private Instant nextAttemptAt;
    /** a worker holds the delivery until then; another instance may take it over afterwards */
    private Instant leaseUntil;
    private Instant deliveredAt;
    private Integer lastStatusCode;
    @Column(length = 500)
    private String lastError;

    protected DeliveryRecord() {
    }

    DeliveryRecord(String webhookId, String eventId, String eventType, Instant occurredAt, String body, Instant now) {
        this.deliveryId = UUID.randomUUID().toString();
        this.webhookId = webhookId;
        this.eventId = eventId;
        this.eventType = eventType;
        this.occurredAt = occurredAt;
        this.body = body;
        this.status = Status.PENDING;
        this.createdAt = now;
        this.nextAttemptAt = now;
    }

    String deliveryId() { return deliveryId; }
    String webhookId() { return webhookId; }
    String eventId() { return eventId; }
    String eventType() { return eventType; }
    Instant occurredAt() { return occurredAt; }
    String body() { return body; }
    Status status() { return status; }
    int attempts() { return attempts; }
    Instant createdAt() { return createdAt; }
    Instant nextAttemptAt() { return nextAttemptAt; }
    Instant deliveredAt() { return deliveredAt; }
    Integer lastStatusCode() { return lastStatusCode; }
    String lastError() { return lastError; }

    void delivered(int statusCode, Instant at) {
        attempts++;
        status = Status.DELIVERED;
        lastStatusCode = statusCode;
        lastError = null;
        deliveredAt = at;
        nextAttemptAt = null;
        leaseUntil = null;
    }

    void failed(Integer statusCode, String error, Instant next) {
        attempts++;
        lastStatusCode = statusCode;
        lastError = error;
        leaseUntil = null;
        if (next == null) {
            gaveUp();
        } else {
            nextAttemptAt = next;
        }
    }

    void gaveUp() {
        status = Status.FAILED;
        nextAttemptAt = null;
        leaseUntil = null;
    }
}
