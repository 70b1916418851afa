package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.openapi.ApiContract;
import org.carbonregistry.registry.testing.ExportFiles;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.carbonregistry.registry.testing.TemporaryRemovals;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.RegistryScene.body;
import static org.carbonregistry.registry.testing.RegistryScene.retirement;

/**
 * The served OpenAPI 3.1 document is the contract: every endpoint it lists is called for real, with success and
 * with a refusal, and each request and answer is checked against the document by swagger-request-validator
 * ({@link ApiContract}). An endpoint added without being exercised here fails the last assertion.
 */
class OpenApiContractIT extends RunningRegistry {

    @Test
    void everyEndpointAnswersAsTheServedDocumentSays() {
        ApiContract api = ApiContract.served("http://127.0.0.1:" + port)
                .saveTo(Path.of("target", "openapi", "registry-service.json"));
        assertThat(api.document().path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        String suffix = UUID.randomUUID().toString().substring(0, 8);

        // accounts and keys
        String developer = api.post("/api/accounts", ADMIN_KEY, body("name", "Developer " + suffix,
                "type", "PROJECT_DEVELOPER", "jurisdiction", "BR")).expect(201).json().path("accountId").asText();
        String corporate = api.post("/api/accounts", ADMIN_KEY, body("name", "Corporate " + suffix,
                "type", "CORPORATE", "jurisdiction", "DE")).expect(201).json().path("accountId").asText();
        api.post("/api/accounts", null, body("name", "Nobody", "type", "CORPORATE", "jurisdiction", "DE")).expect(401);
        api.get("/api/accounts/" + developer, ADMIN_KEY).expect(200);
        api.get("/api/accounts/no-such-account", ADMIN_KEY).expect(404);
        JsonNode developerKey = api.post("/api/accounts/" + developer + "/api-keys", ADMIN_KEY,
                body("role", "ACCOUNT_HOLDER")).expect(201).json();
        String devKey = developerKey.path("key").asText();
        String corpKey = api.post("/api/accounts/" + corporate + "/api-keys", ADMIN_KEY, body("role", "ACCOUNT_HOLDER"))
                .expect(201).json().path("key").asText();
        api.post("/api/accounts/" + developer + "/api-keys", ADMIN_KEY, body("role", "EMPEROR")).expect(400);
        String spareKeyId = api.post("/api/accounts/" + developer + "/api-keys", ADMIN_KEY, body("role", "ACCOUNT_HOLDER"))
                .expect(201).json().path("keyId").asText();
        api.delete("/api/accounts/" + developer + "/api-keys/" + spareKeyId, ADMIN_KEY).expect(204);
        api.delete("/api/accounts/" + developer + "/api-keys/no-such-key", ADMIN_KEY).expect(404);
        api.get("/api/auth/key", devKey).expect(200);
        api.get("/api/auth/key", UNKNOWN_KEY).expect(401);
        Map<String, String> form = Map.of();
        assertThat(api.send("POST", "/api/auth/introspect", SERVICE_KEY, "application/x-www-form-urlencoded",
                "token=" + devKey, form).expect(200).json().path("active").asBoolean()).isTrue();
        assertThat(api.send("POST", "/api/auth/introspect", SERVICE_KEY, "application/x-www-form-urlencoded",
                "token=" + UNKNOWN_KEY, form).expect(200).json().path("active").asBoolean()).isFalse();
        api.send("POST", "/api/auth/introspect", devKey, "application/x-www-form-urlencoded", "token=" + devKey, form)
                .expect(403);
        api.get("/api/registry-key", null).expect(200);

        // webhooks: one that is refused a connection, so its deliveries have attempts to show
        Map<String, String> hookKey = Map.of("Idempotency-Key", "hook-" + suffix);
        String webhookId = api.send("POST", "/api/webhooks", corpKey, "application/json",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"eventTypes\": [\"CreditsRetired\"]}", hookKey)
                .expect(201).json().path("webhookId").asText();
        api.send("POST", "/api/webhooks", corpKey, "application/json",
                "{\"url\": \"http://127.0.0.1:9/other\", \"eventTypes\": [\"CreditsRetired\"]}", hookKey)
                .expect(422);
        api.post("/api/webhooks", corpKey, body("url", "ftp://hooks.example.com/", "eventTypes",
                java.util.List.of("CreditsRetired"))).expect(422);
        api.post("/api/webhooks", corpKey, body("url", "https://hooks.example.com/", "eventTypes",
                java.util.List.of())).expect(400);

        // projects
        String project = api.post("/api/projects", ADMIN_KEY, body("name", "Project " + suffix, "standard", "VCS",
                "methodology", "VM0047", "country", "BR", "category", "REMOVAL", "removalSink", "BIOGENIC",
                "type", "Forestry", "developerAccountId", developer)).expect(201).json().path("projectId").asText();
        api.post("/api/projects", ADMIN_KEY, body("name", "No standard")).expect(400);
        api.get("/api/projects/" + project, null).expect(200);
        api.get("/api/projects/no-such-project", null).expect(404);
        api.get("/api/projects?q=" + suffix + "&limit=5", null).expect(200);
        api.get("/api/projects?limit=0", null).expect(400);

        // batches and their moves
        JsonNode issued = api.post("/api/batches", ADMIN_KEY, body("projectId", project, "vintageStart", "2023-01-01",
                "vintageEnd", "2023-12-31", "quantity", 100, "toAccount", developer, "labels", java.util.List.of("CCP"),
                "correspondingAdjustment", false)).expect(201).json();
        String batch = "/api/batches/" + issued.path("batchId").asText();
        api.post("/api/batches", devKey, body("projectId", project, "vintageStart", "2023-01-01",
                "vintageEnd", "2023-12-31", "quantity", 100, "toAccount", developer)).expect(403);
        api.get("/api/batches?projectId=" + project, null).expect(200);
        api.get("/api/batches?projectId=no-such-project", null).expect(404);
        api.get(batch, null).expect(200);
        api.get(batch, devKey).expect(200);
        // EU CRCF: a temporary removal's batch carries its expiry date
        String temporary = api.post("/api/projects", ADMIN_KEY, TemporaryRemovals.project(developer, "REMOVAL",
                "BIOGENIC", "TEMPORARY_REMOVAL")).expect(201).json().path("projectId").asText();
        String temporaryBatch = "/api/batches/" + api.post("/api/batches", ADMIN_KEY, TemporaryRemovals.issuance(
                temporary, 10, developer, LocalDate.now(ZoneOffset.UTC).plusYears(5))).expect(201).json()
                .path("batchId").asText();
        api.post("/api/batches", ADMIN_KEY, TemporaryRemovals.issuance(temporary, 10, developer, null)).expect(422);
        api.get(temporaryBatch, ADMIN_KEY).expect(200);
        api.get("/api/batches/no-such-batch", null).expect(404);

        api.post(batch + "/transfers", devKey, body("from", developer, "to", corporate, "quantity", 30)).expect(201);
        api.post(batch + "/transfers", devKey, body("from", developer, "to", corporate, "quantity", 1000)).expect(422);
        String retirementId = api.post(batch + "/retirements", corpKey, retirement(corporate, 5)).expect(201).json()
                .path("retirementId").asText();
        api.post(batch + "/retirements", corpKey, retirement(developer, 5)).expect(403);
        api.post(batch + "/cancellations", devKey, body("account", developer, "quantity", 2, "reason", "issued in error"))
                .expect(201);
        api.post(batch + "/cancellations", devKey, body("account", developer, "quantity", 0, "reason", "nothing"))
                .expect(400);
        api.post(batch + "/freeze", devKey, body("reason", "under investigation")).expect(403);
        api.post(batch + "/freeze", ADMIN_KEY, body("reason", "under investigation")).expect(201);
        api.post(batch + "/transfers", corpKey, body("from", corporate, "to", developer, "quantity", 1)).expect(409);
        api.post(batch + "/unfreeze", ADMIN_KEY, body("reason", "investigation closed")).expect(201);
        api.post(batch + "/unfreeze", ADMIN_KEY, body("reason", "again")).expect(409);
        api.post(batch + "/unfreeze", null, null).expect(401);

        // Article 6 decisions and the CAD Trust unit export
        api.post(batch + "/article6/authorization", ADMIN_KEY,
                body("authorization", "AUTHORIZED_NDC", "authorizationId", "LoA-BR-1")).expect(201);
        api.post(batch + "/article6/authorization", devKey, body("authorization", "NOT_AUTHORIZED")).expect(403);
        api.post(batch + "/article6/corresponding-adjustment", ADMIN_KEY,
                body("status", "APPLIED", "reference", "BR initial report")).expect(201);
        api.post(batch + "/article6/corresponding-adjustment", ADMIN_KEY,
                body("status", "PENDING", "reference", "undo")).expect(409);
        api.get("/api/exports/units?limit=2", ADMIN_KEY).expect(200);
        api.get("/api/exports/units?format=csv&limit=2", ADMIN_KEY).expect(200);
        api.get("/api/exports/units?format=xml", ADMIN_KEY).expect(400);
        api.get("/api/exports/units", devKey).expect(403);

        api.get("/api/accounts/" + corporate + "/holdings", corpKey).expect(200);
        api.get("/api/accounts/" + developer + "/holdings", corpKey).expect(403);
        api.get(batch + "/retirements", null).expect(200);
        api.get("/api/batches/no-such-batch/retirements", null).expect(404);
        api.get(batch + "/retirements/" + retirementId, null).expect(200);
        api.get(batch + "/retirements/no-such-retirement", null).expect(404);
        // labels, retirement plans and claims
        api.get("/api/labels", null).expect(200);
        String label = "PROGRAMME_" + suffix.toUpperCase().replace('-', '_');
        api.post("/api/labels", ADMIN_KEY, body("code", label, "description", "a programme's own label")).expect(201);
        api.post("/api/labels", ADMIN_KEY, body("code", label, "description", "again")).expect(409);
        api.post("/api/labels", devKey, body("code", "OTHER_" + label, "description", "not an admin")).expect(403);
        String planId = api.post("/api/accounts/" + corporate + "/retirement-plans", corpKey, body("quantity", 40,
                "plannedYear", 2031, "basedOnExistingContracts", true, "note", "offtake agreement")).expect(201).json()
                .path("planId").asText();
        api.post("/api/accounts/" + corporate + "/retirement-plans", corpKey, body("quantity", 40)).expect(400);
        api.get("/api/accounts/" + corporate + "/retirement-plans/" + planId + "/note", corpKey).expect(200);
        api.get("/api/accounts/" + corporate + "/retirement-plans/no-such-plan/note", corpKey).expect(404);
        api.delete("/api/accounts/" + corporate + "/retirement-plans/" + planId, corpKey).expect(204);
        api.delete("/api/accounts/" + corporate + "/retirement-plans/no-such-plan", corpKey).expect(404);
        String claimId = api.post("/api/accounts/" + corporate + "/claims", corpKey, body("type", "CONTRIBUTION",
                "periodStart", "2024-01-01", "periodEnd", "2024-12-31", "statement", "our contribution",
                "retirementIds", java.util.List.of(retirementId))).expect(201).json().path("claimId").asText();
        api.post("/api/accounts/" + corporate + "/claims", corpKey, body("type", "CONTRIBUTION",
                "periodStart", "2024-01-01", "periodEnd", "2024-12-31", "statement", "the same tonnes again",
                "retirementIds", java.util.List.of(retirementId))).expect(422);
        api.get("/api/accounts/" + corporate + "/claims/" + claimId + "/statement", corpKey).expect(200);
        api.get("/api/accounts/" + corporate + "/claims/no-such-claim/statement", corpKey).expect(404);

        // the buffer pool: a share at issuance, a project's buffer, reversals compensated from it
        api.post("/api/batches", ADMIN_KEY, body("projectId", project, "vintageStart", "2022-01-01",
                "vintageEnd", "2022-12-31", "quantity", 100, "toAccount", developer, "bufferPercent", 12.5))
                .expect(201);
        api.post("/api/batches", ADMIN_KEY, body("projectId", project, "vintageStart", "2022-01-01",
                "vintageEnd", "2022-12-31", "quantity", 100, "toAccount", developer, "bufferPercent", 101)).expect(422);
        api.get("/api/projects/" + project + "/buffer", null).expect(200);
        api.get("/api/projects/no-such-project/buffer", null).expect(404);
        api.post("/api/projects/" + project + "/reversals", ADMIN_KEY, body("quantity", 5, "reason", "wildfire",
                "occurredOn", "2026-01-10")).expect(201);
        api.post("/api/projects/" + project + "/reversals", ADMIN_KEY, body("quantity", 500, "reason", "wildfire",
                "occurredOn", "2026-01-10")).expect(422);
        api.post("/api/projects/" + project + "/reversals", devKey, body("quantity", 1, "reason", "wildfire",
                "occurredOn", "2026-01-10")).expect(403);
        api.post("/api/projects/" + project + "/reversals", ADMIN_KEY, body("quantity", 1)).expect(400);
        api.get(batch, null).expect(200);

        api.get("/api/webhooks", corpKey).expect(200);
        api.get("/api/webhooks", null).expect(401);
        api.get("/api/webhooks/" + webhookId, corpKey).expect(200);
        api.get("/api/webhooks/" + webhookId, devKey).expect(404);
        await().atMost(Duration.ofSeconds(60)).until(() -> api.get("/api/webhooks/" + webhookId + "/deliveries", corpKey)
                .expect(200).json().path(0).path("attempts").size() > 0);
        api.get("/api/webhooks/" + webhookId + "/deliveries", devKey).expect(404);
        api.post("/api/webhooks/" + webhookId + "/enable", corpKey, null).expect(200); // active: answered as it is
        api.post("/api/webhooks/" + webhookId + "/enable", devKey, null).expect(404);
        api.delete("/api/webhooks/" + webhookId, corpKey).expect(204);
        api.delete("/api/webhooks/" + webhookId, corpKey).expect(404);

        api.post("/api/retirements/" + retirementId + "/erasure", ADMIN_KEY, null).expect(202);
        api.post("/api/retirements/no-such-retirement/erasure", ADMIN_KEY, null).expect(404);

        // imports: a programme's export, as text/csv
        String export = ExportFiles.verra(3, ThreadLocalRandom.current().nextLong(1_000_000L, 900_000_000_000L), 9).csv();
        assertThat(api.send("POST", "/api/imports?source=verra", ADMIN_KEY, "text/csv", export, Map.of()).expect(201)
                .json().path("batchesCreated").asLong()).isEqualTo(3);
        api.send("POST", "/api/imports?source=verra", devKey, "text/csv", export, Map.of()).expect(403);
        api.send("POST", "/api/imports?source=nowhere", ADMIN_KEY, "text/csv", export, Map.of()).expect(400);

        // invalidation, last: nothing of the batch moves afterwards
        api.post(batch + "/invalidation", devKey, body("reason", "not an admin")).expect(403);
        api.post("/api/batches/no-such-batch/invalidation", ADMIN_KEY, body("reason", "unknown")).expect(404);
        api.post(batch + "/invalidation", ADMIN_KEY, body("reason", "verification withdrawn")).expect(201);
        api.post(batch + "/invalidation", ADMIN_KEY, body("reason", "again")).expect(409);
        api.post(batch + "/transfers", corpKey, body("from", corporate, "to", developer, "quantity", 1)).expect(409);
        api.get(batch, ADMIN_KEY).expect(200);
        api.get("/api/batches?projectId=" + project, null).expect(200);
        api.get(batch + "/retirements/" + retirementId, null).expect(200);

        api.assertEveryOperationExercised();
    }
}
