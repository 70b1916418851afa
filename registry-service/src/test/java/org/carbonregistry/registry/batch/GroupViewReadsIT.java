package org.carbonregistry.registry.batch;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.carbonregistry.registry.testing.StatementsOnThisThread;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.StatementsOnThisThread.readsOf;

/**
 * The views that a command group's moves change are read in one query per view table, not one row per move: several
 * retirements from several batches committed together (as a command group is, in one unit of work) leave every view
 * right, and the group read the batch views in one statement and the holdings in another.
 */
class GroupViewReadsIT extends RunningRegistry {

    @Autowired
    CommandGateway commands;
    @Autowired
    TransactionManager transactions;

    @Test
    void aGroupOfRetirementsFromSeveralBatchesReadsTheirViewsTogether() {
        List<RegistryScene> scenes = Stream.generate(() -> newScene(1_000)).limit(3).toList();
        for (RegistryScene scene : scenes) {
            Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 100), 201);
        }
        List<String> statements = StatementsOnThisThread.during(() -> {
            UnitOfWork<?> group = DefaultUnitOfWork.startAndGet(null);
            group.attachTransaction(transactions);
            for (RegistryScene scene : scenes) {
                commands.sendAndWait(scene.retireCredits(7));
            }
            group.commit();
        });

        assertThat(readsOf(statements, "batch_view")).as("reads of batch views in %s", statements).isEqualTo(1);
        assertThat(readsOf(statements, "holding_view")).as("reads of holdings in %s", statements).isEqualTo(1);
        for (RegistryScene scene : scenes) {
            assertThat(scene.batchView().path("retired").asLong()).as("retired from %s", scene.batch()).isEqualTo(7);
            assertThat(api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body()
                    .path(0).path("quantity").asLong()).as("held by %s", scene.corporate()).isEqualTo(93);
        }
    }
}
