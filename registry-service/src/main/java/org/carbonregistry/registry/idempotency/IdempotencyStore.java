package org.carbonregistry.registry.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.rules.Causes;
import org.carbonregistry.registry.rules.CommandRefused;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.stereotype.Component;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one place where a request sent with an {@code Idempotency-Key} is claimed, handled and answered again. Runs in
 * the caller's transaction (a command's unit of work, through {@link IdempotencyInterceptor}, or a service's own
 * {@code @Transactional} write): the key is claimed, the request handled and its answer stored together, so an answer
 * is remembered exactly when the write happened, and a retry gets it back without a second write.
 * <p>
 * A replay does not run the write, so it skips the write's own check of the caller's role. The record therefore keeps
 * the role that sent the request, and the answer is handed back only to a key of the same account and role, which
 * could have sent it. Records stored before roles were kept are handed back to administrators' keys only (an
 * administrator may send every write); other roles are refused rather than shown an answer they may not see.
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
     * @param actor the acting account and role: keys are scoped to the account that sent them, and an answer is
     *              handed back only to the role that sent the request
     * @return what {@code handling} answered, or {@link Replayed} with the answer of the earlier, identical request
     * @throws CommandRefused forbidden when the key was used by a request of another role, unprocessable when it was
     *                        used for a different request
     * @throws ConcurrentIdempotentRequest when a twin with the same key was handled at the same moment
     */
    public <E extends Exception> Object answer(Actor actor, IdempotentRequest request, Handling<E> handling)
            throws E {
        return answer(actor, request, handling, false, null);
    }

    /**
     * {@link #answer} for a command, in its unit of work: the key's row is written with the events of the command's
     * group when it commits, in one batch with the group's other rows, instead of in a round trip of its own. A twin's
     * row found then fails the group's commit as a conflict, and the command bus decides the whole group again
     * (commandqueue.CommandQueueConfiguration), when this request finds the twin's answer.
     *
     * @param recordsOfTheGroup the records of the group's keys read ahead ({@link #readAhead}), or null when the
     *                          command is not in a group: the key's record is then read on its own
     */
    <E extends Exception> Object answerInCommand(Actor actor, IdempotentRequest request,
                                                 Map<String, IdempotencyRecord> recordsOfTheGroup,
                                                 Handling<E> handling) throws E {
        return answer(actor, request, handling, true, recordsOfTheGroup);
    }

    /**
     * The stored records of these keys, read in one query, by id ({@link #id}); a key without a record maps to null.
     * A command group reads its members' keys so once, instead of one round trip per member; {@link #answerInCommand}
     * adds the records the group claims, so a twin later in the group finds its earlier twin's.
     */
    Map<String, IdempotencyRecord> readAhead(Collection<String> ids) {
        Map<String, IdempotencyRecord> records = new HashMap<>();
        ids.forEach(id -> records.put(id, null));
        entityManager.createQuery("select r from IdempotencyRecord r where r.id in :ids", IdempotencyRecord.class)
                .setParameter("ids", records.keySet())
                .getResultList()
                .forEach(record -> records.put(record.id(), record));
        return records;
    }

    /** A record's id: keys are scoped to the account that sent them. */
    static String id(Actor actor, String key) {
        return actor.accountId() + ":" + key;
    }

    private <E extends Exception> Object answer(Actor actor, IdempotentRequest request, Handling<E> handling,
                                                boolean writtenAtCommit, Map<String, IdempotencyRecord> readAhead)
            throws E {
        String id = id(actor, request.key());
        IdempotencyRecord earlier = readAhead != null && readAhead.containsKey(id) ? readAhead.get(id)
                : entityManager.find(IdempotencyRecord.class, id);
        if (earlier != null) {
            // First: another role learns only that the key is taken, nothing of the request or its answer.
            requireSentByTheSameRole(earlier, actor, request.key());
            if (!earlier.sameRequestAs(request.requestHash(), request.personalDataHash())) {
                throw CommandRefused.unprocessable(IdempotentRequest.HEADER + " '" + request.key()
                        + "' was already used for a different request; use a new key for a new request");
            }
            return new Replayed(fromJson(earlier));
        }
        Object result = handling.handle();
        // The key is claimed with its answer, in one insert, after the write it guards: a twin sent at the same
        // moment to another instance blocks on this row until this transaction ends, then fails and, sent again,
        // finds the answer. Twins on one instance are one after the other in the batch's line, so the second finds
        // the first's record here (Hibernate's find sees a row persisted earlier in the same group, and so does the
        // group's read-ahead).
        IdempotencyRecord claimed = new IdempotencyRecord(id, actor.role(), request.requestHash(),
                request.personalDataHash(), clock.instant(), result.getClass().getName(), toJson(result));
        entityManager.persist(claimed);
        if (readAhead != null) {
            readAhead.put(id, claimed);
        }
        if (writtenAtCommit) {
            return result;
        }
        // Flushed now, so that a twin's failure is this request's, sent again by onceTheTwinIsDone.
        try {
            entityManager.flush();
        } catch (PersistenceException failed) {
            if (Causes.include(failed, ConstraintViolationException.class, SQLIntegrityConstraintViolationException.class)) {
                throw new ConcurrentIdempotentRequest(request.key(), failed);
            }
            throw failed; // a lock timeout, say: the database's trouble, not a twin's
        }
        return result;
    }

    private static void requireSentByTheSameRole(IdempotencyRecord earlier, Actor actor, String key) {
        if (earlier.role() == null && actor.role() != Role.REGISTRY_ADMIN) {
            throw CommandRefused.forbidden(IdempotentRequest.HEADER + " '" + key + "' was used by a request stored"
                    + " before the registry kept the role that sent it, possibly a request of another role; its answer"
                    + " is handed back only to a registry administrator's key. Check whether that request took effect"
                    + " before sending it again with a new key");
        }
        if (earlier.role() != null && earlier.role() != actor.role()) {
            throw CommandRefused.forbidden(IdempotentRequest.HEADER + " '" + key + "' was used by a request of another"
                    + " role of account " + actor.accountId() + "; its answer is handed back only to keys of the role"
                    + " that sent it, and this is a " + actor.role() + " key. Use a new key for a new request");
        }
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
