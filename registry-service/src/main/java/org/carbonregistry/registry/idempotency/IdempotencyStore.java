package org.carbonregistry.registry.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.carbonregistry.registry.rules.Causes;
import org.carbonregistry.registry.rules.CommandRefused;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.stereotype.Component;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The one place where a request sent with an {@code Idempotency-Key} is claimed, handled and answered again. Runs in
 * the caller's transaction (a command's unit of work, through {@link IdempotencyInterceptor}, or a service's own
 * {@code @Transactional} write): the key is claimed, the request handled and its answer stored together, so an answer
 * is remembered exactly when the write happened, and a retry gets it back without a second write.
 */
@Component
public class IdempotencyStore {

    private static final int TWIN_ATTEMPTS = 3;

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    IdempotencyStore(EntityManager entityManager, ObjectMapper objectMapper, Clock clock) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** The write that a key guards; its answer is stored as JSON, so it should be small and name no secret. */
    @FunctionalInterface
    public interface Handling<E extends Exception> {
        Object handle() throws E;
    }

    /**
     * @param accountId the acting account: keys are scoped to the account that sent them
     * @return what {@code handling} answered, or {@link Replayed} with the answer of the earlier, identical request
     * @throws CommandRefused when the key was used for a different request
     * @throws ConcurrentIdempotentRequest when a twin with the same key was handled at the same moment
     */
    public <E extends Exception> Object answer(String accountId, IdempotentRequest request, Handling<E> handling)
            throws E {
        String id = accountId + ":" + request.key();
        IdempotencyRecord earlier = entityManager.find(IdempotencyRecord.class, id);
        if (earlier != null) {
            if (!earlier.sameRequestAs(request.requestHash(), request.personalDataHash())) {
                throw CommandRefused.unprocessable(IdempotentRequest.HEADER + " '" + request.key()
                        + "' was already used for a different request; use a new key for a new request");
            }
            return new Replayed(fromJson(earlier));
        }
        IdempotencyRecord record = new IdempotencyRecord(id, request.requestHash(), request.personalDataHash(),
                clock.instant());
        try {
            entityManager.persist(record);
            // Claim the key now: a concurrent twin blocks here until this transaction ends, then fails.
            entityManager.flush();
        } catch (PersistenceException failed) {
            if (Causes.include(failed, ConstraintViolationException.class, SQLIntegrityConstraintViolationException.class)) {
                throw new ConcurrentIdempotentRequest(request.key(), failed);
            }
            throw failed; // a lock timeout, say: the database's trouble, not a twin's
        }
        Object result = handling.handle();
        record.answered(result.getClass().getName(), toJson(result));
        return result;
    }

    /**
     * Sends a request (one transaction of {@link #answer}) again while a twin with the same key holds it up: the claim
     * waited for the twin's transaction as long as the database's lock timeout allows; once the twin has committed,
     * asking again returns its answer.
     */
    public static <T> T onceTheTwinIsDone(Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (ConcurrentIdempotentRequest raced) {
                if (attempt == TWIN_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    /**
     * Erasure of a retirement's personal data: the requests whose stored answer names it keep no hash of that data.
     * Runs in the erasure's transaction. A scan of the table, but erasures are rare.
     */
    public void forgetPersonalDataOfRequestsAnswering(String id) {
        entityManager.createQuery("update IdempotencyRecord r set r.personalDataHash = null "
                        + "where r.personalDataHash is not null and r.result like :id")
                .setParameter("id", "%\"" + id + "\"%")
                .executeUpdate();
    }

    private Object fromJson(IdempotencyRecord record) {
        try {
            return objectMapper.readValue(record.result(), Class.forName(record.resultType()));
        } catch (JsonProcessingException | ClassNotFoundException e) {
            throw new IllegalStateException("the stored answer of " + IdempotentRequest.HEADER + " request "
                    + record.resultType() + " cannot be read back", e);
        }
    }

    private String toJson(Object result) {
        try {
            return objectMapper.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another request with the same key was handled at the same moment; retrying finds its result. */
    public static class ConcurrentIdempotentRequest extends RuntimeException {
        ConcurrentIdempotentRequest(String key, Throwable cause) {
            super("a request with " + IdempotentRequest.HEADER + " '" + key + "' was handled concurrently", cause);
        }
    }
}
