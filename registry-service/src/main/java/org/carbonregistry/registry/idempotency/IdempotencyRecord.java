package org.carbonregistry.registry.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.registry.access.Role;

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
    /**
     * The role of the key that sent the request: the answer is handed back only to that role, since the role is
     * checked by the write itself, which a replay does not run. Null in records stored before roles were kept
     * (the column is added to existing tables by Hibernate's schema update, so it cannot be required).
     */
    @Enumerated(EnumType.STRING)
    @Column(length = 32)
    private Role role;
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

    IdempotencyRecord(String id, Role role, String requestHash, String personalDataHash, Instant createdAt,
                      String resultType, String result) {
        this.id = id;
        this.role = role;
        this.requestHash = requestHash;
        this.personalDataHash = personalDataHash;
        this.createdAt = createdAt;
        this.resultType = resultType;
        this.result = result;
    }

    /** The same request again: the same hashes, except personal data that has been erased since. */
    boolean sameRequestAs(String otherRequestHash, String otherPersonalDataHash) {
        return requestHash.equals(otherRequestHash)
                && (personalDataHash == null || personalDataHash.equals(otherPersonalDataHash));
    }
    String id() { return id; }
    /** Null for a record stored before roles were kept. */
    Role role() { return role; }
    String resultType() { return resultType; }
    String result() { return result; }
}
