package org.carbonregistry.registry.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * The result of a command sent with an {@code Idempotency-Key}, stored in the command's own transaction, to be
 * handed back on a retry.
 */
@Entity
@Table(name = "idempotency_record")
class IdempotencyRecord {

    /** acting account + key: keys are scoped to the account that sent them */
    @Id
    @Column(length = 400)
    private String id;
    @Column(nullable = false, length = 64)
    private String requestHash;
    /** null when the request had no personal data, or once it was erased */
    @Column(length = 64)
    private String personalDataHash;
    private String resultType;
    @Column(length = 1_000_000)
    private String result;
    private Instant createdAt;

    protected IdempotencyRecord() {
    }

    IdempotencyRecord(String id, String requestHash, String personalDataHash, Instant createdAt) {
        this.id = id;
        this.requestHash = requestHash;
        this.personalDataHash = personalDataHash;
        this.createdAt = createdAt;
    }

    /** The same request again: the same hashes, except personal data that has been erased since. */
    boolean sameRequestAs(String otherRequestHash, String otherPersonalDataHash) {
        return requestHash.equals(otherRequestHash)
                && (personalDataHash == null || personalDataHash.equals(otherPersonalDataHash));
    }
    String resultType() { return resultType; }
    String result() { return result; }

    void answered(String resultType, String result) {
        this.resultType = resultType;
        this.result = result;
    }
}
