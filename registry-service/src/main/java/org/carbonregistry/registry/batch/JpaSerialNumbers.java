package org.carbonregistry.registry.batch;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The counter row is locked for the rest of the issuing transaction: issuances queue, serials never collide. */
@Component
class JpaSerialNumbers implements SerialNumbers {

    private final EntityManager entityManager;

    JpaSerialNumbers(EntityManager entityManager, PlatformTransactionManager transactions) {
        this.entityManager = entityManager;
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            if (entityManager.find(SerialCounter.class, SerialCounter.REGISTRY) == null) {
                entityManager.persist(new SerialCounter(SerialCounter.REGISTRY, 1));
            }
        });
    }

    @Override
    public long reserve(long quantity) {
        SerialCounter counter = entityManager.find(SerialCounter.class, SerialCounter.REGISTRY,
                LockModeType.PESSIMISTIC_WRITE);
        return counter.reserve(quantity);
    }
}
