package org.carbonregistry.registry.batch;

import jakarta.persistence.EntityManager;
import org.carbonregistry.events.RetirementPersonalData;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes {@link RetirementPersonalDataRecord}s, in the caller's transaction. */
@Component
public class RetirementPersonalDataStore {

    private static final int IDS_PER_READ = 500;

    private final EntityManager entityManager;

    RetirementPersonalDataStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Empty once erased (or for a retirement this registry never had). */
    public Optional<RetirementPersonalData> find(String retirementId) {
        return Optional.ofNullable(entityManager.find(RetirementPersonalDataRecord.class, retirementId))
                .map(RetirementPersonalDataRecord::data);
    }

    /** The texts of those of {@code retirementIds} that have one, in one read per {@value #IDS_PER_READ} ids. */
    public Map<String, RetirementPersonalData> findAll(Collection<String> retirementIds) {
        List<String> ids = List.copyOf(retirementIds);
        Map<String, RetirementPersonalData> texts = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_READ) {
            entityManager.createQuery("select new " + RetirementPersonalData.class.getName()
                            + "(r.retirementId, r.beneficiary, r.purpose, r.beneficiarySalt, r.purposeSalt)"
                            + " from RetirementPersonalDataRecord r where r.retirementId in :ids",
                            RetirementPersonalData.class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + IDS_PER_READ)))
                    .getResultStream()
                    .forEach(text -> texts.put(text.retirementId(), text));
        }
        return texts;
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
