package org.carbonregistry.registry.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.rules.Causes;
import org.carbonregistry.registry.rules.CommandRefused;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.stereotype.Component;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;

/**
 * Runs inside the command's unit of work and transaction: the key is claimed, the command handled and its
 * result stored in the same transaction as the events, while Axon holds the aggregate's lock. So a result is
 * remembered exactly when the write happened, and a retry gets it back without a second event. Axon registers
 * this bean on the command bus after its transaction interceptor.
 */
@Component
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final EntityManager entityManager;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    IdempotencyInterceptor(EntityManager entityManager, ObjectMapper objectMapper, Clock clock) {
        this.entityManager = entityManager;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork,
                         InterceptorChain interceptorChain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        String key = (String) command.getMetaData().get(IdempotentRequest.KEY_METADATA);
        if (key == null || !(command.getPayload() instanceof ActorCommand actorCommand)) {
            return interceptorChain.proceed();
        }
        String requestHash = (String) command.getMetaData().get(IdempotentRequest.HASH_METADATA);
        String personalDataHash = (String) command.getMetaData().get(IdempotentRequest.PERSONAL_DATA_HASH_METADATA);
        String id = actorCommand.actor().accountId() + ":" + key;

        IdempotencyRecord earlier = entityManager.find(IdempotencyRecord.class, id);
        if (earlier != null) {
            if (!earlier.sameRequestAs(requestHash, personalDataHash)) {
                throw CommandRefused.unprocessable(IdempotentRequest.HEADER + " '" + key
                        + "' was already used for a different request; use a new key for a new request");
            }
            return new Replayed(objectMapper.readValue(earlier.result(), Class.forName(earlier.resultType())));
        }
        IdempotencyRecord record = new IdempotencyRecord(id, requestHash, personalDataHash, clock.instant());
        try {
            entityManager.persist(record);
            // Claim the key now: a concurrent twin blocks here until this transaction ends, then fails.
            entityManager.flush();
        } catch (PersistenceException failed) {
            if (Causes.include(failed, ConstraintViolationException.class, SQLIntegrityConstraintViolationException.class)) {
                throw new ConcurrentIdempotentRequest(key, failed);
            }
            throw failed; // a lock timeout, say: the database's trouble, not a twin's
        }
        Object result = interceptorChain.proceed();
        record.answered(result.getClass().getName(), toJson(result));
        return result;
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

    private String toJson(Object result) throws JsonProcessingException {
        return objectMapper.writeValueAsString(result);
    }

    /** Another request with the same key was handled at the same moment; retrying finds its result. */
    public static class ConcurrentIdempotentRequest extends RuntimeException {
        ConcurrentIdempotentRequest(String key, Throwable cause) {
            super("a request with " + IdempotentRequest.HEADER + " '" + key + "' was handled concurrently", cause);
        }
    }
}
