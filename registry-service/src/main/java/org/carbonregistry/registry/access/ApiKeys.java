package org.carbonregistry.registry.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.persistence.EntityManager;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.rules.CommandRefused;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues, checks and revokes API keys. A key is 256 random bits, so a plain SHA-256 at rest is enough to make
 * a stolen table useless (no password-style stretching needed), and lets a key be found by its hash.
 * <p>
 * Valid keys are remembered for {@code registry.api-key-cache-ttl} (REGISTRY_API_KEY_CACHE_TTL, 10 s), which saves a
 * query on every request. A key revoked here stops working at once; on another instance sharing the database, within
 * that time. Unknown keys are not remembered, so a new key works at once everywhere.
 */
@Service
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManager entityManager;
    private final Directory directory;
    private final Clock clock;

    private final Cache<String, Caller> callers;

    ApiKeys(EntityManager entityManager, Directory directory, Clock clock,
            @Value("${registry.api-key-cache-ttl:10s}") Duration cacheTtl) {
        this.entityManager = entityManager;
        this.directory = directory;
        this.clock = clock;
        this.callers = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
    }

    public record IssuedKey(String keyId, String key, String accountId, Role role) {
    }

    @Transactional
    public IssuedKey issue(Caller caller, String accountId, Role role, IdempotentRequest idempotency) {
        caller.actor().requireAdmin("create API keys");
        if (role == null) {
            throw CommandRefused.invalid("role must be one of REGISTRY_ADMIN, ACCOUNT_HOLDER, AUDITOR, SERVICE");
        }
        var account = directory.account(accountId)
                .orElseThrow(() -> CommandRefused.notFound("account " + accountId + " does not exist"));
        if (role == Role.REGISTRY_ADMIN && account.type() != AccountType.REGISTRY) {
            throw CommandRefused.unprocessable("only the REGISTRY account may hold REGISTRY_ADMIN keys");
        }
        if (role == Role.SERVICE && account.type() != AccountType.REGISTRY) {
            throw CommandRefused.unprocessable("SERVICE keys belong to the REGISTRY account: they act for the registry's services");
        }
        if (role == Role.AUDITOR && account.type() != AccountType.AUDITOR && account.type() != AccountType.REGISTRY) {
            throw CommandRefused.unprocessable("AUDITOR keys are for AUDITOR accounts");
        }
        String creation = idempotency == null ? null : caller.accountId() + ":" + idempotency.key();
        if (creation != null) {
            entityManager.createQuery("select k from ApiKeyRecord k where k.creationKey = :creation", ApiKeyRecord.class)
                    .setParameter("creation", creation).getResultStream().findFirst()
                    .ifPresent(earlier -> {
                        throw CommandRefused.conflict("API key " + earlier.keyId() + " was already created with this "
                                + IdempotentRequest.HEADER + "; a key is shown only once, so revoke it and create a new one");
                    });
        }
        String key = "crk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        IssuedKey issued = store(accountId, role, key);
        if (creation != null) {
            entityManager.find(ApiKeyRecord.class, issued.keyId()).createdWith(creation);
        }
        return issued;
    }

    /** Makes sure the given key exists (the bootstrap admin key from the environment); idempotent. */
    @Transactional
    public IssuedKey ensure(String accountId, Role role, String key) {
        return findByKey(key)
                .map(r -> new IssuedKey(r.keyId(), key, r.accountId(), r.role()))
                .orElseGet(() -> store(accountId, role, key));
    }

    @Transactional
    public void revoke(Caller caller, String accountId, String keyId) {
        caller.actor().requireAdmin("revoke API keys");
        ApiKeyRecord record = entityManager.find(ApiKeyRecord.class, keyId);
        if (record == null || !record.accountId().equals(accountId)) {
            throw CommandRefused.notFound("account " + accountId + " has no API key " + keyId);
        }
        if (record.keyId().equals(caller.keyId())) {
            throw CommandRefused.conflict("a key cannot revoke itself; use another administrator key");
        }
        record.revoke(clock.instant());
        // Forgotten once the revocation is committed: a request in between would otherwise remember the key again.
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                callers.asMap().values().removeIf(cached -> cached.keyId().equals(keyId));
            }
        });
    }

    /** Outside a transaction: a lookup is one query, and most requests find their key remembered. */
    public Optional<Caller> authenticate(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(callers.get(key, k -> findByKey(k)
                .filter(r -> !r.revoked()).map(r -> new Caller(r.keyId(), r.accountId(), r.role())).orElse(null)));
    }

    @Transactional(readOnly = true)
    public boolean anyActiveAdminKey() {
        return !entityManager.createQuery(
                        "select k.keyId from ApiKeyRecord k where k.role = :role and k.revokedAt is null", String.class)
                .setParameter("role", Role.REGISTRY_ADMIN).setMaxResults(1).getResultList().isEmpty();
    }

    private IssuedKey store(String accountId, Role role, String key) {
        String keyId = HexFormat.of().formatHex(randomBytes(8));
        entityManager.persist(new ApiKeyRecord(keyId, hash(key), accountId, role, clock.instant()));
        return new IssuedKey(keyId, key, accountId, role);
    }

    private Optional<ApiKeyRecord> findByKey(String key) {
        if (key == null || key.isEmpty() || key.length() > 512) {
            return Optional.empty();
        }
        return entityManager.createQuery("select k from ApiKeyRecord k where k.keyHash = :hash", ApiKeyRecord.class)
                // a list, not a stream: outside a transaction the query's entity manager is closed when it returns
                .setParameter("hash", hash(key)).getResultList().stream().findFirst();
    }

    private static String hash(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
