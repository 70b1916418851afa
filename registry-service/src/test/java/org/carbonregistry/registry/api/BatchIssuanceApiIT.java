package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code POST /api/batches} and {@code GET /api/batches/{id}}. */
class BatchIssuanceApiIT extends RunningRegistry {

    @Test
    void administratorIssuesABatchWithOneSerialBlock() {
        RegistryScene scene = newScene(5);
        Api.Response issued = api.post("/api/batches", ADMIN_KEY, issuance(scene.project(), 500, scene.corporate()));

        assertThat(issued.status()).isEqualTo(201);
        JsonNode body = issued.body();
        String batch = body.path("batchId").asText();
        assertThat(UUID.fromString(body.path("eventId").asText())).isNotNull();
        String prefix = body.path("serialPrefix").asText();
        assertThat(prefix).startsWith("VCS-").endsWith("-2022");
        assertThat(body.path("serialBlocks")).hasSize(1);
        JsonNode block = body.at("/serialBlocks/0");
        assertThat(block.path("quantity").asLong()).isEqualTo(500);
        assertThat(block.path("last").asLong() - block.path("first").asLong()).isEqualTo(499);
        assertThat(block.path("serials").asText()).startsWith(prefix);

        JsonNode view = api.get("/api/batches/" + batch, scene.auditorKey()).body();
        assertThat(view.path("batchId").asText()).isEqualTo(batch);
        assertThat(view.path("projectId").asText()).isEqualTo(scene.project());
        assertThat(view.path("standard").asText()).isEqualTo("VCS");
        assertThat(view.path("category").asText()).isEqualTo("REMOVAL");
        assertThat(view.path("removalSink").asText()).isEqualTo("BIOGENIC");
        assertThat(view.path("vintageStart").asText()).isEqualTo("2022-01-01");
        assertThat(view.path("vintageEnd").asText()).isEqualTo("2022-12-31");
        assertThat(view.path("labels").toString()).isEqualTo("[\"CCP\",\"CORSIA_ELIGIBLE\"]");
        assertThat(view.path("correspondingAdjustment").asBoolean()).isTrue();
        assertThat(view.path("issued").asLong()).isEqualTo(500);
        assertThat(view.path("held").asLong()).isEqualTo(500);
        assertThat(view.path("retired").asLong()).isZero();
        assertThat(view.path("cancelled").asLong()).isZero();
        assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("holders")).hasSize(1);
        assertThat(view.at("/holders/0/accountId").asText()).isEqualTo(scene.corporate());
        assertThat(view.at("/holders/0/serialBlocks")).isEqualTo(body.path("serialBlocks"));

        JsonNode holdings = api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body();
        assertThat(holdings).hasSize(1);
        assertThat(holdings.get(0).path("batchId").asText()).isEqualTo(batch);
        assertThat(holdings.get(0).path("quantity").asLong()).isEqualTo(500);
    }

    @Test
    void batchesOfDifferentIssuancesNeverShareASerial() {
        RegistryScene scene = newScene(5);
        JsonNode first = api.post("/api/batches", ADMIN_KEY, issuance(scene.project(), 300, scene.developer())).body();
        JsonNode second = api.post("/api/batches", ADMIN_KEY, issuance(scene.project(), 300, scene.developer())).body();
        long firstEnd = first.at("/serialBlocks/0/last").asLong();
        long secondStart = second.at("/serialBlocks/0/first").asLong();
        long secondEnd = second.at("/serialBlocks/0/last").asLong();
        long firstStart = first.at("/serialBlocks/0/first").asLong();
        assertThat(secondStart > firstEnd || secondEnd < firstStart)
                .as("[%d, %d] and [%d, %d] are disjoint", firstStart, firstEnd, secondStart, secondEnd).isTrue();
    }

    @Test
    void issuingNeedsAValidAdministratorKey() {
        RegistryScene scene = newScene(5);
        Map<String, Object> request = issuance(scene.project(), 10, scene.developer());
        String holdings = "/api/accounts/" + scene.developer() + "/holdings";
        JsonNode before = api.get(holdings, ADMIN_KEY).body();

        assertRefusedWithoutValidKey(key -> api.post("/api/batches", key, request), revokedKey(scene.developer()));
        assertProblem(api.post("/api/batches", scene.developerKey(), request), 403, "administrator", "issue credits");
        assertProblem(api.post("/api/batches", scene.auditorKey(), request), 403, "administrator");

        assertThat(api.get(holdings, ADMIN_KEY).body()).as("holdings after refused issuances").isEqualTo(before);
    }

    @Test
    void invalidIssuancesAreRefusedWithTheReasonAndIssueNothing() {
        RegistryScene scene = newScene(5);
        String holdings = "/api/accounts/" + scene.developer() + "/holdings";
        JsonNode before = api.get(holdings, ADMIN_KEY).body();
        Supplier<Map<String, Object>> valid = () -> issuance(scene.project(), 10, scene.developer());

        assertProblem(api.postRaw("/api/batches", ADMIN_KEY, "application/json", "{\"projectId\": \"" + scene.project()),
                400, "JSON");
        assertProblem(api.post("/api/batches", ADMIN_KEY, Map.of()), 400,
                "projectId", "vintageStart", "vintageEnd", "quantity", "toAccount");
        for (Object quantity : List.of(0, -1, 1_000_000_000_000L)) {
            assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "quantity", quantity)), 400,
                    "quantity", String.valueOf(quantity));
        }
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "quantity", BigInteger.TEN.pow(30))),
                400, "1000000000000000000000000000000");
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "quantity", "lots")), 400, "lots");
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "vintageStart", "2022-13-01")), 400,
                "MonthOfYear");
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "vintageEnd", "2021-06-30")), 400,
                "vintageEnd", "before");
        String nextYear = LocalDate.now().plusYears(1).toString();
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "vintageEnd", nextYear)), 400,
                "future");
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "labels", List.of("CCP", "<script>"))), 422,
                "label '<script>'", "/api/labels");

        String nothing = UUID.randomUUID().toString();
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "projectId", nothing)), 422, nothing);
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "toAccount", nothing)), 422, nothing);
        assertProblem(api.post("/api/batches", ADMIN_KEY, with(valid.get(), "toAccount", scene.auditor())), 422,
                "AUDITOR");

        assertThat(api.get(holdings, ADMIN_KEY).body()).as("holdings after refused issuances").isEqualTo(before);
    }

    @Test
    void aBatchIsPublicButAPresentedKeyMustBeValid() {
        RegistryScene scene = newScene(5);
        assertThat(api.get(scene.batchPath(), null).status()).isEqualTo(200);
        assertThat(api.get(scene.batchPath(), scene.auditorKey()).status()).isEqualTo(200);
        assertProblem(api.get(scene.batchPath(), UNKNOWN_KEY), 401, "unknown or revoked");
        assertProblem(api.get(scene.batchPath(), revokedKey(scene.corporate())), 401, "unknown or revoked");
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/batches/" + unknown, null), 404, unknown);
    }

    private static Map<String, Object> issuance(String project, Object quantity, String toAccount) {
        return RegistryScene.body("projectId", project, "vintageStart", "2022-01-01", "vintageEnd", "2022-12-31",
                "quantity", quantity, "toAccount", toAccount, "labels", List.of("CCP", "CORSIA_ELIGIBLE"),
                "correspondingAdjustment", true);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }
}
