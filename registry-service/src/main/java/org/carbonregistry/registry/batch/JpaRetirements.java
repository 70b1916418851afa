package org.carbonregistry.registry.batch;

import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;

import java.util.Optional;

@Component
class JpaRetirements implements Retirements {

    private final EntityManager entityManager;

    JpaRetirements(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public Optional<Retirement> find(String retirementId) {
        return Optional.ofNullable(entityManager.find(RetirementView.class, retirementId))
                .map(r -> new Retirement(r.retirementId(), r.batchId(), r.accountId(), r.eventId(), r.quantity(),
                        Optional.ofNullable(entityManager.find(BatchView.class, r.batchId()))
                                .map(BatchView::invalidationReason).orElse(null)));
    }
}
