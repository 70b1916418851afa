package org.carbonregistry.registry.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A webhook subscription. The secret is kept in plain text, unlike API keys: every delivery is signed with it.
 * {@code accountId} null means registry-wide (created with an administrator's key).
 */
@Entity
@Table(name = "webhook_subscription")
class WebhookRecord {

    enum Status { ACTIVE, DISABLED }

    @Id
    @Column(length = 36)
    private String webhookId;
    @Column(length = 64)
    private String accountId;
    @Column(length = 2000, nullable = false)
    private String url;
    @Column(length = 200, nullable = false)
    private String secret;
    /** comma-separated event types */
    @Column(length = 2000, nullable = false)
    private String eventTypes;
    @Column(nullable = false)
    private Instant createdAt;
    @Enumerated(EnumType.STRING)
    @Column(length = 16, nullable = false)
    private Status status;
    /** the first failed attempt since the last successful one; null while deliveries succeed */
    private Instant failingSince;
    private Instant disabledAt;
    /** why it was disabled, for whoever reads the hook; null while active (added to older tables as nullable) */
    @Column(length = 1000)
    private String disabledReason;
    /** when it was last re-enabled: it is owed the events from then on; null if never (added as nullable) */
    private Instant reenabledAt;

    protected WebhookRecord() {
    }

    WebhookRecord(String webhookId, String accountId, String url, String secret, List<String> eventTypes,
                  Instant createdAt) {
        this.webhookId = webhookId;
        this.accountId = accountId;
        this.url = url;
        this.secret = secret;
        this.eventTypes = String.join(",", eventTypes);
        this.createdAt = createdAt;
        this.status = Status.ACTIVE;
    }

    String webhookId() { return webhookId; }
    String accountId() { return accountId; }
    boolean registryWide() { return accountId == null; }
    String url() { return url; }
    String secret() { return secret; }
    List<String> eventTypes() { return Arrays.asList(eventTypes.split(",")); }
    Instant createdAt() { return createdAt; }
    Status status() { return status; }
    Instant failingSince() { return failingSince; }
    Instant disabledAt() { return disabledAt; }
    String disabledReason() { return disabledReason; }
    Instant reenabledAt() { return reenabledAt; }

    boolean wants(String eventType) {
        return eventTypes().contains(eventType);
    }

    /**
     * Whether an event that occurred then is owed to it: not before it was created, nor before it was last
     * re-enabled, even when the fan-out reaches that event only later (what occurred while it was disabled is
     * never sent).
     */
    boolean owes(Instant occurredAt) {
        return !createdAt.isAfter(occurredAt) && (reenabledAt == null || !reenabledAt.isAfter(occurredAt));
    }

    void succeeded() {
        failingSince = null;
    }

    /** @return when it started failing */
    Instant failed(Instant at) {
        if (failingSince == null) {
            failingSince = at;
        }
        return failingSince;
    }

    void disable(Instant at, String reason) {
        status = Status.DISABLED;
        disabledAt = at;
        disabledReason = reason.length() > 1000 ? reason.substring(0, 1000) : reason;
    }

    /**
     * A disabled hook becomes active again with a clean record: the failures that disabled it are no longer counted
     * toward the next disabling. An active hook is left as it is, its failures still counting.
     *
     * @return whether it was disabled
     */
    boolean reenable(Instant at) {
        if (status != Status.DISABLED) {
            return false;
        }
        status = Status.ACTIVE;
        failingSince = null;
        disabledAt = null;
        disabledReason = null;
        reenabledAt = at;
        return true;
    }
}
