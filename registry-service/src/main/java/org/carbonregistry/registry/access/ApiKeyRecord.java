package org.carbonregistry.registry.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An API key at rest: only its SHA-256 is kept, the key itself is shown once when it is created. */
@Entity
@Table(name = "api_key")
class ApiKeyRecord {

    @Id
    private String keyId;
    @Column(nullable = false, unique = true, length = 64)
    private String keyHash;
    @Column(nullable = false)
    private String accountId;
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Role role;
    private Instant createdAt;
    private Instant revokedAt;
    /** creating account + Idempotency-Key, when one was sent */
    @Column(unique = true, length = 400)
    private String creationKey;

    protected ApiKeyRecord() {
    }

    ApiKeyRecord(String keyId, String keyHash, String accountId, Role role, Instant createdAt) {
        this.keyId = keyId;
        this.keyHash = keyHash;
        this.accountId = accountId;
        this.role = role;
        this.createdAt = createdAt;
    }

    String keyId() { return keyId; }
    String accountId() { return accountId; }
    Role role() { return role; }
    Instant createdAt() { return createdAt; }
    boolean revoked() { return revokedAt != null; }

    void createdWith(String creationKey) {
        this.creationKey = creationKey;
    }

    void revoke(Instant at) {
        if (revokedAt == null) {
            revokedAt = at;
        }
    }
}
