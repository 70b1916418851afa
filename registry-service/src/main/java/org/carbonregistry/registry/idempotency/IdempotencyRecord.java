package org.carbonregistry.registry.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The first answer to a write sent with an {@code Idempotency-Key}, kept to be given again on a retry. */
@Entity
@Table(name = "idempotency_record")
class IdempotencyRecord {

    /** account id + key: keys are scoped to the account that sent them */
    @Id
    @Column(length = 400)
    private String id;
    @Column(nullable = false, length = 64)
    private String requestHash;
    private int status;
    @Column(length = 1_000_000)
    private String responseBody;
    private Instant createdAt;

    protected IdempotencyRecord() {
    }

    IdempotencyRecord(String id, String requestHash, Instant createdAt) {
        this.id = id;
        this.requestHash = requestHash;
        this.createdAt = createdAt;
    }

    String requestHash() { return requestHash; }
    int status() { return status; }
    String responseBody() { return responseBody; }

    void answered(int status, String responseBody) {
        this.status = status;
        this.responseBody = responseBody;
    }
}
