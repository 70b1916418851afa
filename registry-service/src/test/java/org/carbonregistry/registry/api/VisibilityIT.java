package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registry-service endpoint as five callers see it (DESIGN "Access"): public are projects, batch totals and
 * status, retirements and the registry's key; who holds what, accounts and operational details need a key that
 * may see them. The account in question is the scene's corporate buyer.
 */
class VisibilityIT extends RunningRegistry {

    enum Who { ANONYMOUS, ANOTHER_ACCOUNT, THE_ACCOUNT, AUDITOR, ADMIN }

    private static RegistryScene scene;
    private static String retirementId;

    @BeforeEach
    void sceneOnce() {
        if (scene == null) {
            scene = newScene(100);
            Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30), 201);
            retirementId = scene.retire(scene.corporateKey(), scene.corporate(), 5).body().path("retirementId").asText();
        }
    }

    private static String keyOf(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case ANOTHER_ACCOUNT -> scene.developerKey();
            case THE_ACCOUNT -> scene.corporateKey();
            case AUDITOR -> scene.auditorKey();
            case ADMIN -> ADMIN_KEY;
        };
    }

    /** endpoint, then the status for ANONYMOUS, ANOTHER_ACCOUNT, THE_ACCOUNT, AUDITOR, ADMIN */
    static Stream<Arguments> endpoints() {
        List<Arguments> rows = new ArrayList<>();
        row(rows, "GET /api/projects", 200, 200, 200, 200, 200);
        row(rows, "GET /api/projects/{project}", 200, 200, 200, 200, 200);
        row(rows, "GET /api/batches", 200, 200, 200, 200, 200);
        row(rows, "GET /api/batches/{batch}", 200, 200, 200, 200, 200);
        row(rows, "GET /api/batches/{batch}/retirements", 200, 200, 200, 200, 200);
        row(rows, "GET /api/batches/{batch}/retirements/{retirement}", 200, 200, 200, 200, 200);
        row(rows, "GET /api/registry-key", 200, 200, 200, 200, 200);
        row(rows, "GET /api/accounts/{account}", 401, 403, 200, 200, 200);
        row(rows, "GET /api/accounts/{account}/holdings", 401, 403, 200, 200, 200);
        row(rows, "GET /api/auth/key", 401, 200, 200, 200, 200);
        row(rows, "POST /api/auth/introspect", 401, 403, 403, 403, 403);
        row(rows, "GET /actuator/health", 200, 200, 200, 200, 200);
        row(rows, "GET /actuator/prometheus", 401, 403, 403, 200, 200);
        row(rows, "GET /actuator/metrics", 401, 403, 403, 200, 200);
        row(rows, "POST /api/accounts", 401, 403, 403, 403, 201);
        row(rows, "POST /api/retirements/{retirement}/erasure", 401, 403, 403, 403, 404);
        row(rows, "POST /api/accounts/{account}/retirement-plans", 401, 403, 201, 403, 201);
        // asked of a claim that does not exist: who may not look is told so before anything is looked up
        row(rows, "GET /api/accounts/{account}/claims/{claim}/statement", 401, 403, 404, 404, 404);
        return rows.stream();
    }

    private static void row(List<Arguments> rows, String endpoint, int... statuses) {
        Who[] callers = Who.values();
        for (int i = 0; i < callers.length; i++) {
            rows.add(Arguments.of(endpoint, callers[i], statuses[i]));
        }
    }

    @ParameterizedTest(name = "{0} as {1} -> {2}")
    @MethodSource("endpoints")
    void eachEndpointAnswersEachCallerAsTheAccessRuleSays(String endpoint, Who who, int status) {
        String[] methodAndPath = endpoint.split(" ");
        String path = methodAndPath[1].replace("{project}", scene.project()).replace("{batch}", scene.batch())
                .replace("{account}", scene.corporate())
                // erasure is tested on a retirement that does not exist: this test must not erase its own
                .replace("{retirement}/erasure", "no-such-retirement/erasure")
                .replace("{retirement}", retirementId)
                .replace("{claim}", "no-such-claim");
        String key = keyOf(who);
        int answered;
        if (path.equals("/api/registry-key") || path.startsWith("/actuator/prometheus")) {
            answered = plain(path, key);
        } else if (path.equals("/api/auth/introspect")) {
            answered = api.postRaw(path, key, "application/x-www-form-urlencoded",
                    "token=" + URLEncoder.encode(scene.corporateKey(), StandardCharsets.UTF_8)).status();
        } else if (methodAndPath[0].equals("POST")) {
            answered = api.post(path, key, path.equals("/api/accounts")
                    ? RegistryScene.body("name", "Visibility check", "type", "CORPORATE", "jurisdiction", "DE")
                    : path.endsWith("/retirement-plans")
                    ? RegistryScene.body("quantity", 1, "plannedYear", 2030, "basedOnExistingContracts", false) : null).status();
        } else {
            answered = api.get(path, key).status();
        }
        assertThat(answered).as("%s as %s", endpoint, who).isEqualTo(status);
    }

    @ParameterizedTest(name = "holders of a batch as {0}")
    @EnumSource(Who.class)
    void holdersOfABatchAreShownOnlyToKeysThatMaySeeThem(Who who) {
        JsonNode batch = api.get(scene.batchPath(), keyOf(who)).body();
        assertThat(batch.path("issued").asLong()).as("totals are public").isEqualTo(100);
        assertThat(batch.path("held").asLong()).isEqualTo(95);
        assertThat(batch.path("retired").asLong()).isEqualTo(5);
        assertThat(batch.path("status").asText()).isEqualTo("ACTIVE");
        Function<JsonNode, List<String>> holders = view -> view.path("holders").findValuesAsText("accountId");
        switch (who) {
            case ANONYMOUS -> assertThat(batch.path("holders").isNull()).as("holders without a key").isTrue();
            case ANOTHER_ACCOUNT -> assertThat(holders.apply(batch)).containsExactly(scene.developer());
            case THE_ACCOUNT -> assertThat(holders.apply(batch)).containsExactly(scene.corporate());
            case AUDITOR, ADMIN -> assertThat(holders.apply(batch))
                    .containsExactlyInAnyOrder(scene.developer(), scene.corporate());
        }
    }

    @ParameterizedTest(name = "health details as {0}")
    @EnumSource(Who.class)
    void healthDetailsOnlyForAdministratorsAndAuditors(Who who) {
        JsonNode health = api.get("/actuator/health", keyOf(who)).body();
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.has("components")).isEqualTo(who == Who.AUDITOR || who == Who.ADMIN);
    }

    @ParameterizedTest(name = "retirements as {0}")
    @EnumSource(Who.class)
    void retirementsAndTheirBeneficiaryArePublic(Who who) {
        JsonNode retirement = api.get(scene.batchPath() + "/retirements/" + retirementId, keyOf(who)).body();
        assertThat(retirement.path("beneficiary").asText()).isEqualTo("ACME Corp");
        assertThat(retirement.path("quantity").asLong()).isEqualTo(5);
        assertThat(retirement.path("serialBlocks")).isNotEmpty();
    }

    private int plain(String path, String key) {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
