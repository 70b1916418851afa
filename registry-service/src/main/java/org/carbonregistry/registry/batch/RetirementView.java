package org.carbonregistry.registry.batch;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import org.carbonregistry.events.CreditsRetired;

import java.time.Instant;
import java.util.UUID;

/**
 * One retirement as the public registry shows it: who retired which serials and the commitments to beneficiary
 * and purpose. The text itself is in {@link RetirementPersonalDataRecord} until it is erased.
 */
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
    @Column(length = 64)
    private String beneficiaryCommitment;
    @Column(length = 64)
    private String purposeCommitment;
    /** when beneficiary and purpose were erased; null while they exist */
    private Instant erasedAt;
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
        beneficiaryCommitment = event.beneficiaryCommitment();
        purposeCommitment = event.purposeCommitment();
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
    String beneficiaryCommitment() { return beneficiaryCommitment; }
    String purposeCommitment() { return purposeCommitment; }
    Instant erasedAt() { return erasedAt; }
    int reportingYear() { return reportingYear; }
    String jurisdiction() { return jurisdiction; }
    Instant retiredAt() { return retiredAt; }

    void erased(Instant at) {
        if (erasedAt == null) {
            erasedAt = at;
        }
    }
}
