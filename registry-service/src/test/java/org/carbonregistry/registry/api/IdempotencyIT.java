package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** Writes sent with an {@code Idempotency-Key} happen once, however often they are sent. */
class IdempotencyIT extends RunningRegistry {

    private static final String REPLAYED = "idempotent-replayed";

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
}
