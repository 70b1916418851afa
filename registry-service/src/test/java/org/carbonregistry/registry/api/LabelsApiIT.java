package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code POST /api/labels}, {@code GET /api/labels}, and issuance against the vocabulary. */
class LabelsApiIT extends RunningRegistry {

    /** A code no other test (or earlier run on the same database) has registered. */
    private static String freshCode() {
        return "PROG_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase(Locale.ROOT);
    }

    @Test
    void anAdministratorRegistersALabelEveryoneListsItAndBatchesCarryIt() {
        RegistryScene scene = newScene(5);
        String code = freshCode();

        Api.Response registered = api.post("/api/labels", ADMIN_KEY,
                Map.of("code", code, "description", "Programme biochar methodology v2"));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.body().path("code").asText()).isEqualTo(code);
        assertThat(UUID.fromString(registered.body().path("eventId").asText())).isNotNull();

        JsonNode listed = api.get("/api/labels", null).body();
        assertThat(listed.findValuesAsText("code"))
                .startsWith("CCP", "CORSIA_ELIGIBLE", "CORSIA_FIRST_PHASE", "ARTICLE6_AUTHORIZED")
                .contains(code);
        JsonNode entry = entryOf(listed, code);
        assertThat(entry.path("description").asText()).isEqualTo("Programme biochar methodology v2");
        assertThat(entry.path("builtIn").asBoolean()).isFalse();
        assertThat(entryOf(listed, "CCP").path("builtIn").asBoolean()).isTrue();

        // published as every event: signed, on registry.events, for the ledger to seal and reporting to read
        String eventId = registered.body().path("eventId").asText();
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of("label-vocabulary"),
                RegistryEventsTopic.containsAll(Set.of(eventId)), Duration.ofSeconds(60));
        Published record = published.stream().filter(p -> p.eventId().equals(eventId)).findFirst().orElseThrow();
        assertThat(record.json().path("type").asText()).isEqualTo("LabelRegistered");
        assertThat(record.json().at("/payload/code").asText()).isEqualTo(code);
        assertThat(record.header("registry-signature")).isNotBlank();

        Api.Response issued = api.post("/api/batches", ADMIN_KEY, issuance(scene, List.of("CCP", code)));
        Api.require(issued, 201);
        JsonNode batch = api.get("/api/batches/" + issued.body().path("batchId").asText(), null).body();
        assertThat(batch.path("labels").toString()).isEqualTo("[\"CCP\",\"" + code + "\"]");
    }

    @Test
    void anIssuanceWithAnUnknownLabelIsRefusedNamingItAndIssuesNothing() {
        RegistryScene scene = newScene(5);
        String unknown = freshCode();
        String holdings = "/api/accounts/" + scene.developer() + "/holdings";
        JsonNode holdingsBefore = api.get(holdings, ADMIN_KEY).body();
        JsonNode batchesBefore = api.get("/api/batches?projectId=" + scene.project(), null).body();

        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene, List.of("CCP", unknown))), 422,
                "label '" + unknown + "'", "not in the registry's label vocabulary", "GET /api/labels");
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene, List.of("CORSIA"))), 422, "label 'CORSIA'");

        assertThat(api.get(holdings, ADMIN_KEY).body()).as("holdings after refused issuances").isEqualTo(holdingsBefore);
        assertThat(api.get("/api/batches?projectId=" + scene.project(), null).body())
                .as("batches of the project after refused issuances").isEqualTo(batchesBefore);
        assertThat(api.get("/api/labels", null).body().findValuesAsText("code")).doesNotContain(unknown);
    }

    @Test
    void aCodeIsRegisteredOnceOnlyByAnAdministratorAndInTheVocabularySyntax() {
        RegistryScene scene = newScene(5);
        String code = freshCode();
        Map<String, Object> request = Map.of("code", code, "description", "first");

        assertRefusedWithoutValidKey(key -> api.post("/api/labels", key, request), revokedKey(scene.developer()));
        assertProblem(api.post("/api/labels", scene.developerKey(), request), 403, "register labels");
        Api.require(api.post("/api/labels", ADMIN_KEY, request), 201);
        assertProblem(api.post("/api/labels", ADMIN_KEY, Map.of("code", code, "description", "second")), 409,
                "label " + code + " already exists");
        assertProblem(api.post("/api/labels", ADMIN_KEY, Map.of("code", "CCP", "description", "mine")), 409,
                "label CCP already exists");
        assertProblem(api.post("/api/labels", ADMIN_KEY, Map.of("code", "lower_case", "description", "x")), 400,
                "2-40 upper-case");
        assertProblem(api.post("/api/labels", ADMIN_KEY, Map.of("code", "NO_DESCRIPTION")), 400, "description");

        JsonNode listed = api.get("/api/labels", null).body();
        assertThat(entryOf(listed, code).path("description").asText()).isEqualTo("first");
        assertThat(listed.findValuesAsText("code")).doesNotContain("lower_case", "NO_DESCRIPTION");
    }

    @Test
    void aRetriedRegistrationWithItsIdempotencyKeyGetsTheFirstAnswerNotAConflict() {
        String code = freshCode();
        Map<String, Object> request = Map.of("code", code, "description", "retried");
        String key = UUID.randomUUID().toString();

        Api.Response first = api.post("/api/labels", ADMIN_KEY, request, key);
        Api.Response retried = api.post("/api/labels", ADMIN_KEY, request, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(retried.body()).isEqualTo(first.body());
    }

    private static JsonNode entryOf(JsonNode listed, String code) {
        for (JsonNode entry : listed) {
            if (entry.path("code").asText().equals(code)) {
                return entry;
            }
        }
        throw new AssertionError(code + " is not listed in " + listed);
    }

    private static Map<String, Object> issuance(RegistryScene scene, List<String> labels) {
        return RegistryScene.body("projectId", scene.project(), "vintageStart", "2022-01-01",
                "vintageEnd", "2022-12-31", "quantity", 10, "toAccount", scene.developer(), "labels", labels,
                "correspondingAdjustment", false);
    }
}
