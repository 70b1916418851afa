package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.carbonregistry.registry.testing.TemporaryRemovals;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.TemporaryRemovals.issuance;
import static org.carbonregistry.registry.testing.TemporaryRemovals.project;

/** EU CRCF benefit types of projects and the expiry dates of temporary-removal batches, through the API. */
class TemporaryRemovalsApiIT extends RunningRegistry {

    private static final LocalDate IN_FIVE_YEARS = LocalDate.now(ZoneOffset.UTC).plusYears(5);

    @Test
    void aProjectNamesItsBenefitTypeOrGetsItsCategorySDefault() {
        RegistryScene scene = newScene(1);
        Api.Response temporary = api.post("/api/projects", ADMIN_KEY,
                project(scene.developer(), "REMOVAL", "BIOGENIC", "TEMPORARY_REMOVAL"));
        Api.require(temporary, 201);
        assertThat(temporary.body().path("benefitType").asText()).isEqualTo("TEMPORARY_REMOVAL");
        Api.Response soil = api.post("/api/projects", ADMIN_KEY,
                project(scene.developer(), "REDUCTION", null, "SOIL_EMISSION_REDUCTION"));
        Api.require(soil, 201);
        assertThat(soil.body().path("benefitType").asText()).isEqualTo("SOIL_EMISSION_REDUCTION");
        // The scene's project was registered as a REMOVAL without a benefit type.
        assertThat(api.get("/api/projects/" + scene.project(), null).body().path("benefitType").asText())
                .isEqualTo("PERMANENT_REMOVAL");
        assertThat(scene.batchView().path("benefitType").asText()).isEqualTo("PERMANENT_REMOVAL");
        assertThat(scene.batchView().path("expiresOn").isNull()).isTrue();
    }

    @Test
    void aBenefitTypeOutsideTheProjectSCategoryIsRefused() {
        RegistryScene scene = newScene(1);
        assertProblem(api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REDUCTION", null,
                "TEMPORARY_REMOVAL")), 400, "benefitType TEMPORARY_REMOVAL is a REMOVAL benefit, but the project's"
                + " category is REDUCTION");
        assertProblem(api.post("/api/projects", ADMIN_KEY, project(scene.developer(), "REMOVAL", "BIOGENIC",
                "FOREVER")), 400);
    }

    @Test
    void aTemporaryRemovalBatchCarriesItsExpiryDate() {
        RegistryScene scene = newScene(1);
        String project = TemporaryRemovals.registerProject(api, ADMIN_KEY, scene.developer());
        Api.Response issued = api.post("/api/batches", ADMIN_KEY, issuance(project, 100, scene.developer(), IN_FIVE_YEARS));
        Api.require(issued, 201);
        JsonNode batch = api.get("/api/batches/" + issued.body().path("batchId").asText(), null).body();
        assertThat(batch.path("benefitType").asText()).isEqualTo("TEMPORARY_REMOVAL");
        assertThat(batch.path("expiresOn").asText()).isEqualTo(IN_FIVE_YEARS.toString());
        assertThat(batch.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(batch.path("expired").asLong()).isZero();
        assertThat(batch.path("held").asLong()).isEqualTo(100);
    }

    @Test
    void aTemporaryRemovalBatchWithoutAFutureExpiryDateIsRefusedAndNothingIsIssued() {
        RegistryScene scene = newScene(1);
        String project = TemporaryRemovals.registerProject(api, ADMIN_KEY, scene.developer());
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(project, 100, scene.developer(), null)), 422,
                "is a TEMPORARY_REMOVAL project: its batches must carry expiresOn");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(project, 100, scene.developer(), today)), 422,
                "expiresOn " + today + " is not after today");
        assertThat(api.get("/api/batches?projectId=" + project, null).body()).isEmpty();
    }

    @Test
    void onlyTemporaryRemovalBatchesExpire() {
        RegistryScene scene = newScene(1);
        assertProblem(api.post("/api/batches", ADMIN_KEY, issuance(scene.project(), 100, scene.developer(),
                IN_FIVE_YEARS)), 422, "is a PERMANENT_REMOVAL project: only batches of TEMPORARY_REMOVAL projects"
                + " expire, so expiresOn must not be given");
        assertThat(api.get("/api/batches?projectId=" + scene.project(), null).body()).hasSize(1);
    }
}
