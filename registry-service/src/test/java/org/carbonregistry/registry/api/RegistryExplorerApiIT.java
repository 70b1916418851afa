package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/**
 * The public registry's read-only lists behind the explorer: {@code GET /api/projects?q=},
 * {@code GET /api/batches?projectId=&q=} and a batch's retirements. No key needed; a bad key is still refused.
 */
class RegistryExplorerApiIT extends RunningRegistry {

    @Test
    void projectsAreFoundByPartOfTheirNameByIdStandardOrCountry() {
        RegistryScene scene = newScene(10);
        String name = api.get("/api/projects/" + scene.project(), null).body().path("name").asText();
        String fragment = name.substring(name.length() - 4).toUpperCase();

        Api.Response byName = api.get("/api/projects?q=" + fragment, null);
        assertThat(byName.status()).isEqualTo(200);
        assertThat(ids(byName.body(), "projectId")).contains(scene.project());
        assertThat(byName.body()).allSatisfy(p -> assertThat(p.path("name").asText()).containsIgnoringCase(fragment));

        assertThat(ids(api.get("/api/projects?q=" + scene.project(), null).body(), "projectId"))
                .containsExactly(scene.project());
        JsonNode vcs = api.get("/api/projects?q=vcs&limit=200", null).body();
        assertThat(vcs).isNotEmpty().allSatisfy(p -> assertThat(p.path("standard").asText()).isEqualTo("VCS"));
        JsonNode brazil = api.get("/api/projects?q=br&limit=200", null).body();
        assertThat(brazil).isNotEmpty().allSatisfy(p -> assertThat(p.path("country").asText() + p.path("name").asText())
                .containsIgnoringCase("BR"));

        Api.Response project = api.get("/api/projects?q=" + scene.project(), null);
        assertThat(project.body().get(0)).isEqualTo(api.get("/api/projects/" + scene.project(), null).body());
    }

    @Test
    void projectSearchTreatsWildcardsAsTextAndIsLimited() {
        newScene(10);
        assertThat(api.get("/api/projects?q=%25", null).body()).as("%% is not a wildcard").isEmpty();
        assertThat(api.get("/api/projects?q=_", null).body()).as("_ is not a wildcard").isEmpty();
        assertThat(api.get("/api/projects?limit=1", null).body()).hasSize(1);
        JsonNode all = api.get("/api/projects", null).body();
        List<String> names = StreamSupport.stream(all.spliterator(), false).map(p -> p.path("name").asText().toLowerCase()).toList();
        assertThat(names).isSorted().hasSizeLessThanOrEqualTo(50);

        assertProblem(api.get("/api/projects?limit=0", null), 400, "limit", "200");
        assertProblem(api.get("/api/projects?limit=201", null), 400, "limit");
        assertProblem(api.get("/api/projects?q=x", UNKNOWN_KEY), 401, "unknown or revoked");
    }

    @Test
    void batchesAreListedByProjectNewestFirstAndFoundByIdNameOrSerialPrefix() {
        RegistryScene scene = newScene(10);
        Api.Response second = api.issue(ADMIN_KEY, scene.project(), 25, scene.corporate());
        Api.require(second, 201);
        String secondBatch = second.body().path("batchId").asText();
        scene.retire(scene.developerKey(), scene.developer(), 4);

        JsonNode ofProject = api.get("/api/batches?projectId=" + scene.project(), null).body();
        assertThat(ids(ofProject, "batchId")).containsExactly(secondBatch, scene.batch());
        JsonNode first = ofProject.get(1);
        assertThat(first.path("projectId").asText()).isEqualTo(scene.project());
        assertThat(first.path("projectName").asText()).startsWith("Project ");
        assertThat(first.path("standard").asText()).isEqualTo("VCS");
        assertThat(first.path("issued").asLong()).isEqualTo(10);
        assertThat(first.path("retired").asLong()).isEqualTo(4);
        assertThat(first.path("held").asLong()).isEqualTo(6);
        assertThat(first.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(first.path("serialPrefix").asText()).isEqualTo(scene.issuance().path("serialPrefix").asText());
        assertThat(first.path("labels")).hasSize(1);

        assertThat(ids(api.get("/api/batches?q=" + scene.batch(), null).body(), "batchId")).containsExactly(scene.batch());
        String projectName = first.path("projectName").asText();
        assertThat(ids(api.get("/api/batches?q=" + projectName.replace(' ', '+'), null).body(), "batchId"))
                .containsExactlyInAnyOrder(secondBatch, scene.batch());
        String serialPrefix = first.path("serialPrefix").asText();
        assertThat(ids(api.get("/api/batches?q=" + serialPrefix.toLowerCase(), null).body(), "batchId"))
                .contains(scene.batch());
        assertThat(ids(api.get("/api/batches?projectId=" + scene.project() + "&q=" + secondBatch, null).body(), "batchId"))
                .containsExactly(secondBatch);
        assertThat(api.get("/api/batches?projectId=" + scene.project() + "&limit=1", null).body()).hasSize(1);
    }

    @Test
    void batchListsRefuseUnknownProjectsAndBadLimits() {
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/batches?projectId=" + unknown, null), 404, unknown);
        assertProblem(api.get("/api/batches?limit=-1", null), 400, "limit");
        assertProblem(api.get("/api/batches", UNKNOWN_KEY), 401, "unknown or revoked");
        assertThat(api.get("/api/batches?q=" + UUID.randomUUID(), null).body()).isEmpty();
    }

    @Test
    void aBatchShowsItsRetirementsOldestFirstWithTheirSerials() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 50), 201);
        Api.Response firstRetirement = scene.retire(scene.developerKey(), scene.developer(), 7);
        Api.Response secondRetirement = scene.retire(scene.corporateKey(), scene.corporate(), 3);
        Api.require(firstRetirement, 201);
        Api.require(secondRetirement, 201);

        Api.Response listed = api.get(scene.batchPath() + "/retirements", null);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(ids(listed.body(), "retirementId")).containsExactly(
                firstRetirement.body().path("retirementId").asText(), secondRetirement.body().path("retirementId").asText());
        JsonNode second = listed.body().get(1);
        assertThat(second.path("account").asText()).isEqualTo(scene.corporate());
        assertThat(second.path("quantity").asLong()).isEqualTo(3);
        assertThat(second.path("eventId").asText()).isEqualTo(secondRetirement.body().path("eventId").asText());
        assertThat(second.path("serialBlocks")).isEqualTo(secondRetirement.body().path("serialBlocks"));
        assertThat(second.path("beneficiary").asText()).isEqualTo("ACME Corp");
        assertThat(second.path("purpose").asText()).isEqualTo("2024 voluntary claim");
        assertThat(second.path("reportingYear").asInt()).isEqualTo(2024);
        assertThat(second.path("jurisdiction").asText()).as("the account's jurisdiction").isEqualTo("DE");
        assertThat(second.path("retiredAt").asText()).isNotBlank();

        String retirementId = second.path("retirementId").asText();
        Api.Response one = api.get(scene.batchPath() + "/retirements/" + retirementId, null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).isEqualTo(second);

        RegistryScene other = newScene(5);
        assertProblem(api.get(other.batchPath() + "/retirements/" + retirementId, null), 404, retirementId);
        assertThat(api.get(other.batchPath() + "/retirements", null).body()).isEmpty();
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/batches/" + unknown + "/retirements", null), 404, unknown);
    }

    private static List<String> ids(JsonNode array, String field) {
        assertThat(array.isArray()).as("a JSON array: %s", array).isTrue();
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.path(field).asText()));
        return ids;
    }
}
