package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/** {@code POST /api/accounts}, {@code GET /api/accounts/{id}} and {@code GET /api/accounts/{id}/holdings}. */
class AccountsApiIT extends RunningRegistry {

    @Test
    void administratorOpensAnAccountThatCanThenBeRead() {
        String name = "Nordic Steel " + UUID.randomUUID();
        Api.Response opened = api.post("/api/accounts", ADMIN_KEY,
                Map.of("name", name, "type", "CORPORATE", "jurisdiction", "FI"));

        assertThat(opened.status()).isEqualTo(201);
        String accountId = opened.body().path("accountId").asText();
        assertThat(UUID.fromString(accountId)).isNotNull();
        assertThat(opened.body().path("name").asText()).isEqualTo(name);
        assertThat(opened.body().path("type").asText()).isEqualTo("CORPORATE");
        assertThat(opened.body().path("jurisdiction").asText()).isEqualTo("FI");

        Api.Response read = api.get("/api/accounts/" + accountId, ADMIN_KEY);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(opened.body());
    }

    @Test
    void openingAnAccountNeedsAValidAdministratorKey() {
        RegistryScene scene = newScene(10);
        Map<String, Object> request = Map.of("name", "Should not exist", "type", "CORPORATE", "jurisdiction", "DE");

        assertRefusedWithoutValidKey(key -> api.post("/api/accounts", key, request), revokedKey(scene.corporate()));
        assertProblem(api.post("/api/accounts", scene.corporateKey(), request), 403, "administrator", "open accounts");
        assertProblem(api.post("/api/accounts", scene.auditorKey(), request), 403, "administrator");
    }

    @Test
    void malformedOrIncompleteAccountRequestsAreBadRequests() {
        assertProblem(api.postRaw("/api/accounts", ADMIN_KEY, "application/json", "{\"name\": \"Broken"), 400, "JSON");
        assertProblem(api.post("/api/accounts", ADMIN_KEY, Map.of()), 400, "name", "type", "jurisdiction");
        assertProblem(api.post("/api/accounts", ADMIN_KEY, body("name", "X", "type", "BANK", "jurisdiction", "DE")),
                400, "BANK");
        assertProblem(api.post("/api/accounts", ADMIN_KEY,
                body("name", "X", "type", "CORPORATE", "jurisdiction", "Germany")), 400, "jurisdiction", "ISO 3166");
        assertProblem(api.post("/api/accounts", ADMIN_KEY,
                body("name", "N".repeat(201), "type", "CORPORATE", "jurisdiction", "DE")), 400, "name", "200");
        assertProblem(api.postRaw("/api/accounts", ADMIN_KEY, "text/plain", "name=X"), 415);
    }

    @Test
    void anAccountIsReadByItsHolderAuditorsAndAdministratorsOnly() {
        RegistryScene scene = newScene(10);
        String path = "/api/accounts/" + scene.corporate();

        Api.Response own = api.get(path, scene.corporateKey());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(own.body().path("type").asText()).isEqualTo("CORPORATE");
        assertThat(own.body().path("jurisdiction").asText()).isEqualTo("DE");
        assertThat(api.get(path, scene.auditorKey()).body()).isEqualTo(own.body());
        assertThat(api.get(path, ADMIN_KEY).body()).isEqualTo(own.body());

        assertProblem(api.get(path, scene.developerKey()), 403, scene.developer(), scene.corporate());
        assertRefusedWithoutValidKey(key -> api.get(path, key), revokedKey(scene.corporate()));
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/accounts/" + unknown, ADMIN_KEY), 404, unknown);
    }

    @Test
    void holdingsShowEachBatchWithItsSerialBlocks() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30), 201);
        long first = scene.issuance().at("/serialBlocks/0/first").asLong();
        String path = "/api/accounts/" + scene.corporate() + "/holdings";

        Api.Response holdings = api.get(path, scene.corporateKey());
        assertThat(holdings.status()).isEqualTo(200);
        assertThat(holdings.body()).hasSize(1);
        JsonNode holding = holdings.body().get(0);
        assertThat(holding.path("batchId").asText()).isEqualTo(scene.batch());
        assertThat(holding.path("quantity").asLong()).isEqualTo(30);
        assertThat(holding.at("/serialBlocks/0/first").asLong()).isEqualTo(first);
        assertThat(holding.at("/serialBlocks/0/last").asLong()).isEqualTo(first + 29);
        assertThat(holding.at("/serialBlocks/0/serials").asText())
                .startsWith(scene.issuance().path("serialPrefix").asText());

        Api.Response developers = api.get("/api/accounts/" + scene.developer() + "/holdings", scene.developerKey());
        assertThat(developers.body().get(0).path("quantity").asLong()).isEqualTo(70);
        assertThat(developers.body().get(0).at("/serialBlocks/0/first").asLong()).isEqualTo(first + 30);

        assertThat(api.get(path, scene.auditorKey()).body()).isEqualTo(holdings.body());
        assertThat(api.get(path, ADMIN_KEY).body()).isEqualTo(holdings.body());
        assertProblem(api.get(path, scene.developerKey()), 403, "may not read");
        assertRefusedWithoutValidKey(key -> api.get(path, key), revokedKey(scene.corporate()));
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.get("/api/accounts/" + unknown + "/holdings", ADMIN_KEY), 404, unknown);
    }

    @Test
    void anAccountThatHoldsNothingHasEmptyHoldings() {
        RegistryScene scene = newScene(5);
        Api.Response holdings = api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey());
        assertThat(holdings.status()).isEqualTo(200);
        assertThat(holdings.body().isArray()).isTrue();
        assertThat(holdings.body()).isEmpty();
    }
}
