package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Retirements made before their public records existed are recovered from the batch's own event stream. */
class RetirementBackfillIT extends RunningRegistry {

    @Autowired
    RetirementBackfill backfill;
    @Autowired
    EntityManager entityManager;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void missingRetirementRecordsAreRebuiltFromTheEventStreamInOrder() {
        RegistryScene scene = newScene(40);
        for (int quantity : new int[] {5, 1, 9}) {
            Api.require(scene.retire(scene.developerKey(), scene.developer(), quantity), 201);
        }
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 3), 201);
        JsonNode recorded = api.get(scene.batchPath() + "/retirements", null).body();
        assertThat(recorded).hasSize(3);

        int deleted = new TransactionTemplate(transactions).execute(status -> entityManager
                .createQuery("delete from RetirementView r where r.batchId = :batch")
                .setParameter("batch", scene.batch()).executeUpdate());
        assertThat(deleted).isEqualTo(3);
        assertThat(api.get(scene.batchPath() + "/retirements", null).body()).isEmpty();

        assertThat(backfill.backfill()).isEqualTo(3);
        assertThat(api.get(scene.batchPath() + "/retirements", null).body()).isEqualTo(recorded);
        assertThat(backfill.backfill()).as("nothing left to recover").isZero();
    }
}
