package org.carbonregistry.registry.batch;

import jakarta.persistence.EntityManager;
import org.carbonregistry.events.RetirementPersonalData;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Reads and writes {@link RetirementPersonalDataRecord}s, in the caller's transaction. */
@Component
public class RetirementPersonalDataStore {

    private final EntityManager entityManager;

    RetirementPersonalDataStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Empty once erased (or for a retirement this registry never had). */
    public Optional<RetirementPersonalData> find(String retirementId) {
        return Optional.ofNullable(entityManager.find(RetirementPersonalDataRecord.class, retirementId))
                .map(RetirementPersonalDataRecord::data);
    }

    void save(RetirementPersonalData data) {
        entityManager.persist(new RetirementPersonalDataRecord(data));
    }

    void delete(String retirementId) {
        RetirementPersonalDataRecord record = entityManager.find(RetirementPersonalDataRecord.class, retirementId);
        if (record != null) {
            entityManager.remove(record);
        }
    }
}
