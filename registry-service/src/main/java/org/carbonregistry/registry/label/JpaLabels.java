package org.carbonregistry.registry.label;

import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.carbonregistry.events.CreditLabels;
import org.carbonregistry.events.CreditLabels.Label;
import org.carbonregistry.events.LabelRegistered;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.stream.Stream;

/**
 * The registered labels as a table, written by a subscribing handler inside the transaction that stores the
 * {@code LabelRegistered} event, so an issuance that follows a registration always finds the label.
 */
@Component
@ProcessingGroup(JpaLabels.PROCESSING_GROUP)
class JpaLabels implements Labels {

    static final String PROCESSING_GROUP = "label-vocabulary";

    private final EntityManager entityManager;

    JpaLabels(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Override
    public boolean exists(String code) {
        return CreditLabels.isBuiltIn(code) || (code != null && entityManager.find(LabelRecord.class, code) != null);
    }

    @Override
    public List<Label> all() {
        return Stream.concat(CreditLabels.BUILT_IN.stream(),
                entityManager.createQuery("select l from LabelRecord l order by l.registeredAt, l.code", LabelRecord.class)
                        .getResultList().stream().map(LabelRecord::toLabel)).toList();
    }

    @EventHandler
    void on(LabelRegistered event) {
        entityManager.persist(new LabelRecord(event.code(), event.description(), event.occurredAt()));
    }
}
