package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.carbonregistry.events.CreditsRetired;

import java.time.Instant;
import java.util.UUID;

/** One retirement as the public registry shows it: who retired which serials, for whom and what claim. */
@Entity
@Table(name = "retirement_view", indexes = @Index(name = "retirement_view_batch", columnList = "batchId, eventSequence"))
class RetirementView {

    @Id
    private String retirementId;
    @Column(nullable = false)
    private String batchId;
    @Column(nullable = false)
    private UUID eventId;
    /** The event's sequence number in the batch's stream: retirements in the order they happened. */
    private long eventSequence;
    @Column(nullable = false)
    private String accountId;
    private long quantity;
    @Column(length = 1_000_000)
    private String serialBlocks;
    @Column(length = 1000)
    private String beneficiary;
    @Column(length = 2000)
    private String purpose;
    private int reportingYear;
    private String jurisdiction;
    private Instant retiredAt;

    protected RetirementView() {
    }

    RetirementView(CreditsRetired event, long eventSequence, String serialBlocksJson) {
        this.eventSequence = eventSequence;
        retirementId = event.retirementId();
        batchId = event.batchId();
        eventId = event.eventId();
        accountId = event.account();
        quantity = event.quantity();
        serialBlocks = serialBlocksJson;
        beneficiary = event.beneficiary();
        purpose = event.purpose();
        reportingYear = event.reportingYear();
        jurisdiction = event.jurisdiction();
        retiredAt = event.occurredAt();
    }

    String retirementId() { return retirementId; }
    String batchId() { return batchId; }
    UUID eventId() { return eventId; }
    String accountId() { return accountId; }
    long quantity() { return quantity; }
    String serialBlocksJson() { return serialBlocks; }
    String beneficiary() { return beneficiary; }
    String purpose() { return purpose; }
    int reportingYear() { return reportingYear; }
    String jurisdiction() { return jurisdiction; }
    Instant retiredAt() { return retiredAt; }
}
