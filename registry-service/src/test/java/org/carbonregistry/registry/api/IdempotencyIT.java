package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.access.AdminBootstrap;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** Writes sent with an {@code Idempotency-Key} happen once, however often they are sent. */
class IdempotencyIT extends RunningRegistry {

    private static final String REPLAYED = "idempotent-replayed";

    @Autowired
    DataSource dataSource;

    @Test
    void aReplayedRetirementGetsTheFirstAnswerAndRetiresNothingMore() {
        RegistryScene scene = newScene(100);
        String key = "retire-" + UUID.randomUUID();
        Map<String, Object> request = RegistryScene.retirement(scene.developer(), 7);

        Api.Response first = retire(scene, scene.developerKey(), request, key);
        Api.Response second = retire(scene, scene.developerKey(), request, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.headers().get(REPLAYED)).isEqualTo("false");
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.headers().get(REPLAYED)).isEqualTo("true");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.body().path("retirementId").asText()).isNotBlank();
        assertThat(second.body().path("eventId").asText()).isNotBlank();
        JsonNode view = scene.batchView();
        assertThat(view.path("retired").asLong()).isEqualTo(7);
        assertThat(view.path("held").asLong()).isEqualTo(93);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        RegistryScene scene = newScene(100);
        String key = "retire-" + UUID.randomUUID();
        Api.require(retire(scene, scene.developerKey(), RegistryScene.retirement(scene.developer(), 7), key), 201);

        assertRefusedWithoutChange(scene,
                () -> retire(scene, scene.developerKey(), RegistryScene.retirement(scene.developer(), 8), key),
                422, "Idempotency-Key", "different request");
        assertRefusedWithoutChange(scene, () -> scene.api().post(scene.batchPath() + "/cancellations",
                        scene.developerKey(), RegistryScene.body("account", scene.developer(), "quantity", 7,
                                "reason", "same key, other endpoint"), key),
                422, "Idempotency-Key");
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(7);
    }

    @Test
    void keysAreScopedToTheAccountThatSentThem() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 50), 201);
        String key = "shared-" + UUID.randomUUID();

        Api.Response developers = retire(scene, scene.developerKey(), RegistryScene.retirement(scene.developer(), 3), key);
        Api.Response corporates = retire(scene, scene.corporateKey(), RegistryScene.retirement(scene.corporate(), 4), key);

        assertThat(developers.status()).isEqualTo(201);
        assertThat(corporates.status()).isEqualTo(201);
        assertThat(corporates.headers().get(REPLAYED)).isEqualTo("false");
        assertThat(corporates.body().path("retirementId").asText())
                .isNotEqualTo(developers.body().path("retirementId").asText());
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(7);
    }

    @Test
    void aReplayIsAnsweredOnlyToKeysOfTheRoleThatSentTheRequest() {
        RegistryScene scene = newScene(100);
        String key = "admin-transfer-" + UUID.randomUUID();
        // an administrator acts for any account; the registry account's other keys may not move the developer's credits
        Map<String, Object> request = RegistryScene.body("from", scene.developer(), "to", scene.corporate(), "quantity", 10);
        Api.Response first = transfer(scene, ADMIN_KEY, request, key);
        Api.require(first, 201);

        for (String role : List.of("AUDITOR", "ACCOUNT_HOLDER")) {
            String otherRole = api.createKey(ADMIN_KEY, AdminBootstrap.REGISTRY_ACCOUNT, role);
            assertRefusedReplay(scene, () -> transfer(scene, otherRole, request, key), first, "another role", role);
        }
        assertRefusedReplay(scene, () -> transfer(scene, SERVICE_KEY, request, key), first, "another role", "SERVICE");

        // another administrator's key of the same account could have sent it: it gets the first answer
        Api.Response replay = transfer(scene, api.createKey(ADMIN_KEY, AdminBootstrap.REGISTRY_ACCOUNT, "REGISTRY_ADMIN"),
                request, key);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headers().get(REPLAYED)).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(holds(scene, scene.corporate())).isEqualTo(10);
    }

    @Test
    void aRecordStoredBeforeRolesWereKeptIsAnsweredToAdministratorsOnly() throws Exception {
        RegistryScene scene = newScene(100);
        String adminsKey = "legacy-admin-" + UUID.randomUUID();
        Map<String, Object> transfer = RegistryScene.body("from", scene.developer(), "to", scene.corporate(), "quantity", 10);
        Api.Response admins = transfer(scene, ADMIN_KEY, transfer, adminsKey);
        Api.require(admins, 201);
        String developersKey = "legacy-developer-" + UUID.randomUUID();
        Map<String, Object> retirement = RegistryScene.retirement(scene.developer(), 3);
        Api.Response developers = retire(scene, scene.developerKey(), retirement, developersKey);
        Api.require(developers, 201);
        forgetRole(AdminBootstrap.REGISTRY_ACCOUNT + ":" + adminsKey);
        forgetRole(scene.developer() + ":" + developersKey);

        String auditor = api.createKey(ADMIN_KEY, AdminBootstrap.REGISTRY_ACCOUNT, "AUDITOR");
        assertRefusedReplay(scene, () -> transfer(scene, auditor, transfer, adminsKey), admins,
                "before the registry kept the role", "administrator");
        // the account holder may well have sent it, but a record without a role cannot tell
        assertRefusedReplay(scene, () -> retire(scene, scene.developerKey(), retirement, developersKey), developers,
                "before the registry kept the role");
        Api.Response replay = transfer(scene, ADMIN_KEY, transfer, adminsKey);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.headers().get(REPLAYED)).isEqualTo("true");
        assertThat(replay.body()).isEqualTo(admins.body());
        assertThat(holds(scene, scene.corporate())).isEqualTo(10);
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(3);
    }

    @Test
    void aRefusedWriteIsNotRememberedSoItsKeyCanBeUsedOnceTheCauseIsGone() {
        RegistryScene scene = newScene(10);
        String key = "retry-after-unfreeze-" + UUID.randomUUID();
        Map<String, Object> request = RegistryScene.retirement(scene.developer(), 2);
        Api.require(scene.freeze(ADMIN_KEY), 201);

        assertProblem(retire(scene, scene.developerKey(), request, key), 409, "frozen");
        Api.require(scene.unfreeze(ADMIN_KEY), 201);
        Api.Response retried = retire(scene, scene.developerKey(), request, key);

        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.headers().get(REPLAYED)).isEqualTo("false");
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(2);
    }

    @Test
    void malformedKeysAreRefused() {
        RegistryScene scene = newScene(10);
        assertRefusedWithoutChange(scene, () -> retire(scene, scene.developerKey(),
                RegistryScene.retirement(scene.developer(), 1), "k".repeat(256)), 400, "Idempotency-Key", "255");
        assertRefusedWithoutChange(scene, () -> retire(scene, scene.developerKey(),
                RegistryScene.retirement(scene.developer(), 1), " "), 400, "Idempotency-Key");
    }

    @Test
    void tenConcurrentIdenticalRequestsRetireOnceAndAllGetTheSameAnswer() throws Exception {
        RegistryScene scene = newScene(100);
        String key = "concurrent-" + UUID.randomUUID();
        Map<String, Object> request = RegistryScene.retirement(scene.developer(), 5);
        int parallel = 10;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Api.Response>> sent = new ArrayList<>();
        try {
            for (int i = 0; i < parallel; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    return retire(scene, scene.developerKey(), request, key);
                }));
            }
            start.countDown();
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(201);
                assertThat(answer.body()).isEqualTo(answers.get(0).body());
            });
            assertThat(answers).filteredOn(answer -> "false".equals(answer.headers().get(REPLAYED))).hasSize(1);
            JsonNode view = scene.batchView();
            assertThat(view.path("retired").asLong()).isEqualTo(5);
            assertThat(view.path("held").asLong()).isEqualTo(95);
            // The view could hide a second retirement behind a lost update; the published events cannot.
            List<RegistryEventsTopic.Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(),
                    Set.of(scene.batch()), RegistryEventsTopic.containsAll(Set.of(
                            scene.issuance().path("eventId").asText(), answers.get(0).body().path("eventId").asText())),
                    Duration.ofSeconds(60));
            assertThat(published).extracting(p -> p.header("type")).containsExactly("CreditsIssued", "CreditsRetired");
        } finally {
            pool.shutdownNow();
        }
    }

    private static Api.Response retire(RegistryScene scene, String apiKey, Map<String, Object> request, String key) {
        return scene.api().post(scene.batchPath() + "/retirements", apiKey, request, key);
    }

    private static Api.Response transfer(RegistryScene scene, String apiKey, Map<String, Object> request, String key) {
        return scene.api().post(scene.batchPath() + "/transfers", apiKey, request, key);
    }

    /** Refused as forbidden, with no change to the batch and no word of the first answer. */
    private void assertRefusedReplay(RegistryScene scene, Supplier<Api.Response> request,
                                     Api.Response first, String... detailFragments) {
        List<String> fragments = new ArrayList<>(List.of("Idempotency-Key"));
        fragments.addAll(List.of(detailFragments));
        Api.Response refused = assertRefusedWithoutChange(scene, request, 403, fragments.toArray(String[]::new));
        assertThat(refused.headers()).doesNotContainKey(REPLAYED);
        for (String id : List.of("eventId", "transferId", "retirementId")) {
            if (first.body().has(id)) {
                assertThat(refused.body().toString()).doesNotContain(first.body().path(id).asText());
            }
        }
    }

    private static long holds(RegistryScene scene, String account) {
        return StreamSupport.stream(scene.batchView().path("holders").spliterator(), false)
                .filter(holder -> holder.path("accountId").asText().equals(account))
                .mapToLong(holder -> holder.path("quantity").asLong()).sum();
    }

    /** What a record written before roles were kept looks like. */
    private void forgetRole(String recordId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             var update = connection.prepareStatement("update idempotency_record set role = null where id = ?")) {
            update.setString(1, recordId);
            assertThat(update.executeUpdate()).as("idempotency record " + recordId).isEqualTo(1);
        }
    }
}
