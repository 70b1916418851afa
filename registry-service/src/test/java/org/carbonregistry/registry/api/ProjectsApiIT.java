package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code POST /api/projects} and {@code GET /api/projects/{id}}. */
class ProjectsApiIT extends RunningRegistry {

    @Test
    void administratorRegistersProjectsThatAnyoneCanRead() {
        RegistryScene scene = newScene(5);
        Api.Response registered = api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REMOVAL", "TECHNOLOGICAL"));

        assertThat(registered.status()).isEqualTo(201);
        String projectId = registered.body().path("projectId").asText();
        assertThat(UUID.fromString(projectId)).isNotNull();
        assertThat(registered.body().path("standard").asText()).isEqualTo("PURO");
        assertThat(registered.body().path("country").asText()).isEqualTo("IS");
        assertThat(registered.body().path("category").asText()).isEqualTo("REMOVAL");
        assertThat(registered.body().path("removalSink").asText()).isEqualTo("TECHNOLOGICAL");
        assertThat(registered.body().path("developerAccountId").asText()).isEqualTo(scene.developer());

        for (String key : new String[] {null, ADMIN_KEY, scene.corporateKey(), scene.auditorKey()}) {
            Api.Response read = api.get("/api/projects/" + projectId, key);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(registered.body());
        }
    }

    @Test
    void aReductionProjectHasNoRemovalSink() {
        RegistryScene scene = newScene(5);
        Api.Response registered = api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REDUCTION", null));
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.body().path("removalSink").isNull()).isTrue();

        assertProblem(api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REDUCTION", "BIOGENIC")),
                400, "REDUCTION", "removalSink");
        assertProblem(api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REMOVAL", null)),
                400, "REMOVAL", "removalSink");
    }

    @Test
    void registeringNeedsAValidAdministratorKeyAndReadingAValidKeyIfOneIsSent() {
        RegistryScene scene = newScene(5);
        Map<String, Object> request = project(scene.developer(), "REMOVAL", "BIOGENIC");
        String revoked = revokedKey(scene.corporate());

        assertRefusedWithoutValidKey(key -> api.post("/api/projects", key, request), revoked);
        assertProblem(api.get("/api/projects/" + scene.project(), UNKNOWN_KEY), 401, "unknown or revoked");
        assertProblem(api.get("/api/projects/" + scene.project(), revoked), 401, "unknown or revoked");
        assertProblem(api.post("/api/projects", scene.developerKey(), request), 403, "administrator", "register projects");
        assertProblem(api.post("/api/projects", scene.auditorKey(), request), 403, "administrator");
    }

    @Test
    void invalidProjectsAreRefusedWithTheReason() {
        RegistryScene scene = newScene(5);
        assertProblem(api.postRaw("/api/projects", ADMIN_KEY, "application/json", "{\"name\": 12,"), 400, "JSON");
        assertProblem(api.post("/api/projects", ADMIN_KEY, Map.of()), 400,
                "name", "standard", "methodology", "country", "category", "type", "developerAccountId");

        Map<String, Object> unknownStandard = project(scene.developer(), "REMOVAL", "BIOGENIC");
        unknownStandard.put("standard", "GOLDISH");
        assertProblem(api.post("/api/projects", ADMIN_KEY, unknownStandard), 400, "GOLDISH");

        Map<String, Object> badCountry = project(scene.developer(), "REMOVAL", "BIOGENIC");
        badCountry.put("country", "Iceland");
        assertProblem(api.post("/api/projects", ADMIN_KEY, badCountry), 400, "country", "Iceland");

        String nobody = UUID.randomUUID().toString();
        assertProblem(api.post("/api/projects", ADMIN_KEY, project(nobody, "REMOVAL", "BIOGENIC")), 422, nobody);
        assertProblem(api.post("/api/projects", ADMIN_KEY, project(scene.corporate(), "REMOVAL", "BIOGENIC")),
                422, "CORPORATE", "PROJECT_DEVELOPER");
    }

    @Test
    void anUnknownProjectIsNotFound() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/projects/" + unknown, ADMIN_KEY), 404, unknown);
    }

    private static Map<String, Object> project(String developer, String category, String sink) {
        return RegistryScene.body("name", "Direct air capture " + UUID.randomUUID(), "standard", "PURO",
                "methodology", "Puro DAC 2024", "country", "IS", "category", category, "removalSink", sink,
                "type", "DACCS", "developerAccountId", developer);
    }
}
