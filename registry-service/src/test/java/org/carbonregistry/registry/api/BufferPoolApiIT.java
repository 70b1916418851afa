package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.batch.BufferPool;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code bufferPercent} at issuance, {@code POST /api/projects/{id}/reversals} and {@code GET .../buffer}. */
class BufferPoolApiIT extends RunningRegistry {

    @Test
    void aReversalCancelsTheProjectsBufferCreditsLowestVintageFirstAcrossBatches() {
        RegistryScene scene = newScene(50);
        // issued out of vintage order: the reversal must still start with 2020
        JsonNode v2022 = issue(scene, "2022", 200, "12.5");
        JsonNode v2020 = issue(scene, "2020", 100, 20);
        assertThat(v2022.at("/bufferContribution/quantity").asLong()).isEqualTo(25);
        assertThat(v2022.at("/bufferContribution/percent").asText()).isEqualTo("12.5");
        long last2022 = v2022.at("/serialBlocks/0/last").asLong();
        assertThat(v2022.at("/bufferContribution/serialBlocks/0/first").asLong()).isEqualTo(last2022 - 24);
        assertThat(v2022.at("/bufferContribution/serialBlocks/0/last").asLong()).isEqualTo(last2022);
        assertThat(v2020.at("/bufferContribution/quantity").asLong()).isEqualTo(20);
        String batch2022 = v2022.path("batchId").asText();
        String batch2020 = v2020.path("batchId").asText();
        assertThat(api.get("/api/batches/" + batch2022, scene.developerKey()).body().at("/holders/0/quantity").asLong())
                .as("the developer keeps the rest").isEqualTo(175);
        assertThat(api.get("/api/batches/" + scene.batch(), null).body().path("buffer").isNull())
                .as("a batch issued without bufferPercent").isTrue();

        JsonNode buffer = api.get("/api/projects/" + scene.project() + "/buffer", null).body();
        assertThat(buffer.path("held").asLong()).isEqualTo(45);
        assertThat(buffer.path("batches").findValuesAsText("batchId")).containsExactly(batch2020, batch2022);

        Api.Response reversed = api.post("/api/projects/" + scene.project() + "/reversals", ADMIN_KEY,
                Map.of("quantity", 30, "reason", "wildfire in the project area", "occurredOn", "2026-01-10"));
        assertThat(reversed.status()).as("%s", reversed.body()).isEqualTo(201);
        JsonNode parts = reversed.body().path("batches");
        assertThat(parts.findValuesAsText("batchId")).containsExactly(batch2020, batch2022);
        assertThat(parts.get(0).path("quantity").asLong()).isEqualTo(20);
        assertThat(parts.get(0).path("serialBlocks")).isEqualTo(v2020.at("/bufferContribution/serialBlocks"));
        assertThat(parts.get(1).path("quantity").asLong()).isEqualTo(10);
        assertThat(parts.get(1).at("/serialBlocks/0/first").asLong()).isEqualTo(last2022 - 24);
        assertThat(parts.get(1).at("/serialBlocks/0/last").asLong()).isEqualTo(last2022 - 15);

        JsonNode after2022 = api.get("/api/batches/" + batch2022, null).body();
        assertThat(after2022.path("cancelled").asLong()).isEqualTo(10);
        assertThat(after2022.path("held").asLong()).isEqualTo(190);
        assertThat(after2022.at("/buffer/compensated").asLong()).isEqualTo(10);
        assertThat(after2022.at("/buffer/held").asLong()).isEqualTo(15);
        assertThat(api.get("/api/batches/" + batch2020, null).body().path("cancelled").asLong()).isEqualTo(20);
        assertThat(api.get("/api/batches/" + scene.batch(), null).body().path("cancelled").asLong())
                .as("the batch without buffer credits").isZero();

        // signed on the log like every event; the parts share one reversal id
        String reversalId = reversed.body().path("reversalId").asText();
        Set<String> eventIds = Set.copyOf(parts.findValuesAsText("eventId"));
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(),
                Set.of(batch2020, batch2022), RegistryEventsTopic.containsAll(eventIds), Duration.ofSeconds(60));
        List<Published> compensations = published.stream().filter(p -> eventIds.contains(p.eventId())).toList();
        assertThat(compensations).hasSize(2).allSatisfy(p -> {
            assertThat(p.json().path("type").asText()).isEqualTo("ReversalCompensated");
            assertThat(p.json().at("/payload/reversalId").asText()).isEqualTo(reversalId);
            assertThat(p.json().at("/payload/bufferAccount").asText()).isEqualTo(BufferPool.ACCOUNT);
            assertThat(p.header("registry-signature")).isNotBlank();
        });
        assertThat(published).anySatisfy(p -> {
            assertThat(p.json().path("type").asText()).isEqualTo("BufferContributed");
            assertThat(p.json().at("/payload/quantity").asLong()).isEqualTo(20);
        });
    }

    @Test
    void aReversalLargerThanTheBufferIsRefusedAndCancelsNothing() {
        RegistryScene scene = newScene(10);
        issue(scene, "2021", 100, 10);
        issue(scene, "2022", 100, 5);
        JsonNode before = api.get("/api/projects/" + scene.project() + "/buffer", null).body();
        assertThat(before.path("held").asLong()).isEqualTo(15);

        assertProblem(api.post("/api/projects/" + scene.project() + "/reversals", ADMIN_KEY,
                        Map.of("quantity", 16, "reason", "leak", "occurredOn", "2026-01-10")), 422,
                "the buffer holds 15 credits", "nothing was cancelled");
        assertThat(api.get("/api/projects/" + scene.project() + "/buffer", null).body()).isEqualTo(before);
    }

    @Test
    void aRetriedReversalWithItsIdempotencyKeyGetsTheFirstAnswerAndCancelsOnce() {
        RegistryScene scene = newScene(10);
        issue(scene, "2021", 100, 10);
        String path = "/api/projects/" + scene.project() + "/reversals";
        Map<String, Object> request = Map.of("quantity", 3, "reason", "leak", "occurredOn", "2026-01-10");
        String key = java.util.UUID.randomUUID().toString();

        Api.Response first = api.post(path, ADMIN_KEY, request, key);
        Api.Response retried = api.post(path, ADMIN_KEY, request, key);

        assertThat(first.status()).as("%s", first.body()).isEqualTo(201);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(retried.body()).isEqualTo(first.body());
        assertThat(api.get("/api/projects/" + scene.project() + "/buffer", null).body().path("held").asLong())
                .isEqualTo(7);
    }

    @Test
    void badReversalsAreProblemsAndOnlyAnAdministratorReverses() {
        RegistryScene scene = newScene(10);
        issue(scene, "2021", 100, 10);
        String path = "/api/projects/" + scene.project() + "/reversals";
        Map<String, Object> good = Map.of("quantity", 1, "reason", "leak", "occurredOn", "2026-01-10");

        assertRefusedWithoutValidKey(key -> api.post(path, key, good), revokedKey(scene.developer()));
        assertProblem(api.post(path, scene.developerKey(), good), 403, "compensate reversals");
        assertProblem(api.post("/api/projects/no-such-project/reversals", ADMIN_KEY, good), 404, "no-such-project");
        assertProblem(api.post(path, ADMIN_KEY, Map.of("quantity", 1, "occurredOn", "2026-01-10")), 400, "reason");
        assertProblem(api.post(path, ADMIN_KEY, Map.of("quantity", 0, "reason", "leak", "occurredOn", "2026-01-10")),
                400, "quantity");
        assertProblem(api.post(path, ADMIN_KEY, Map.of("quantity", 1, "reason", "leak", "occurredOn", "2999-01-01")),
                400, "future");
        assertProblem(api.get("/api/projects/no-such-project/buffer", null), 404, "no-such-project");
        assertThat(api.get("/api/projects/" + scene.project() + "/buffer", null).body().path("held").asLong())
                .isEqualTo(10);
    }

    @Test
    void aPercentOutOfRangeIsAProblemAndIssuesNothing() {
        RegistryScene scene = newScene(10);
        String batches = "/api/batches?projectId=" + scene.project();
        JsonNode before = api.get(batches, null).body();
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene, "2021", 100, 101)), 422,
                "bufferPercent must be from 0 to 100");
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene, "2021", 100, -5)), 422, "bufferPercent");
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene, "2021", 100, "1.234")), 422, "decimals");
        assertThat(api.get(batches, null).body()).isEqualTo(before);
    }

    @Test
    void theBuffersCreditsCannotBeTransferredOrSentTo() {
        RegistryScene scene = newScene(10);
        String batch = issue(scene, "2021", 100, 10).path("batchId").asText();
        assertProblem(api.post("/api/batches/" + batch + "/transfers", ADMIN_KEY,
                Map.of("from", BufferPool.ACCOUNT, "to", scene.corporate(), "quantity", 1)), 409, "reversal");
        assertProblem(api.post("/api/batches/" + batch + "/transfers", ADMIN_KEY,
                Map.of("from", scene.developer(), "to", BufferPool.ACCOUNT, "quantity", 1)), 422, "bufferPercent");
    }

    private JsonNode issue(RegistryScene scene, String vintage, long quantity, Object percent) {
        Api.Response issued = api.post("/api/batches", ADMIN_KEY, issuance(scene, vintage, quantity, percent));
        Api.require(issued, 201);
        return issued.body();
    }

    private static Map<String, Object> issuance(RegistryScene scene, String vintage, long quantity, Object percent) {
        return RegistryScene.body("projectId", scene.project(), "vintageStart", vintage + "-01-01",
                "vintageEnd", vintage + "-12-31", "quantity", quantity, "toAccount", scene.developer(),
                "labels", List.of("CCP"), "correspondingAdjustment", false, "bufferPercent", percent);
    }
}
