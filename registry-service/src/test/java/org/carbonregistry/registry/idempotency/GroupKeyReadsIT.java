package org.carbonregistry.registry.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.carbonregistry.registry.commandqueue.GroupCommitCommandBus;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.carbonregistry.registry.testing.StatementsOnThisThread;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.StatementsOnThisThread.readsOf;

/**
 * A command group looks up its members' Idempotency-Keys in one query, not one per member, and still tells a first
 * request, a retry of a stored one, and a twin earlier in the same group apart.
 */
class GroupKeyReadsIT extends RunningRegistry {

    @Autowired
    CommandGateway commands;
    @Autowired
    TransactionManager transactions;

    @Test
    void aGroupReadsItsKeysInOneQueryAndRetriesAndTwinsGetTheFirstAnswer() {
        List<RegistryScene> scenes = Stream.generate(() -> newScene(1_000)).limit(3).toList();
        for (RegistryScene scene : scenes) {
            Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 100), 201);
        }
        List<String> keys = scenes.stream().map(scene -> UUID.randomUUID().toString()).toList();
        List<CommandMessage<?>> first = new ArrayList<>();
        for (int i = 0; i < scenes.size(); i++) {
            first.add(retirement(scenes.get(i), keys.get(i)));
        }
        List<Object> answers = new ArrayList<>();
        List<String> statements = StatementsOnThisThread.during(() -> answers.addAll(inOneGroup(first)));
        assertThat(readsOf(statements, "idempotency_record")).as("reads of keys in %s", statements).isEqualTo(1);
        assertThat(answers).noneMatch(Replayed.class::isInstance);

        // The three sent again (the third twice, the twin later in the group) with a new one: one read, one write.
        List<CommandMessage<?>> again = new ArrayList<>(first);
        again.add(first.get(2));
        RegistryScene fresh = scenes.get(0);
        again.add(retirement(fresh, UUID.randomUUID().toString()));
        List<Object> retried = new ArrayList<>();
        statements = StatementsOnThisThread.during(() -> retried.addAll(inOneGroup(again)));
        assertThat(readsOf(statements, "idempotency_record")).as("reads of keys in %s", statements).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            assertThat(retried.get(i)).isEqualTo(new Replayed(answers.get(i)));
        }
        assertThat(retried.get(3)).isEqualTo(new Replayed(answers.get(2)));
        assertThat(retried.get(4)).isNotInstanceOf(Replayed.class);

        assertThat(fresh.batchView().path("retired").asLong()).isEqualTo(14);
        for (RegistryScene scene : scenes.subList(1, 3)) {
            assertThat(scene.batchView().path("retired").asLong()).as("retired from %s", scene.batch()).isEqualTo(7);
        }
    }

    /** The commands handled in one group as the command bus forms it, committed together; their answers. */
    private List<Object> inOneGroup(List<CommandMessage<?>> members) {
        UnitOfWork<?> group = GroupCommitCommandBus.startGroup(members);
        group.attachTransaction(transactions);
        List<Object> answers = new ArrayList<>();
        for (CommandMessage<?> member : members) {
            answers.add(commands.sendAndWait(member));
        }
        group.commit();
        return answers;
    }

    private static CommandMessage<?> retirement(RegistryScene scene, String key) {
        IdempotentRequest request = IdempotentRequest.of(key, "retire " + scene.batch(), key, "ACME Corp");
        return GenericCommandMessage.asCommandMessage(scene.retireCredits(7)).andMetaData(request.metadata());
    }
}
