package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * {@code POST /api/batches/{id}/invalidation}: held credits are cancelled, retirements stay and are flagged in the
 * explorer's views, nothing moves afterwards, and every refusal changes nothing.
 */
class BatchInvalidationApiIT extends RunningRegistry {

    private static final String INVALIDATED = "is invalidated";

    @Test
    void invalidationCancelsWhatIsHeldAndFlagsTheRetirements() {
        RegistryScene scene = newScene(100);
        long first = scene.issuance().at("/serialBlocks/0/first").asLong();
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 40), 201);
        String retirementId = scene.retire(scene.corporateKey(), scene.corporate(), 10).body()
                .path("retirementId").asText();
        Api.require(scene.cancel(scene.developerKey(), scene.developer(), 5), 201);
        Api.require(scene.freeze(ADMIN_KEY), 201);

        Api.Response invalidation = scene.invalidate(ADMIN_KEY);

        assertThat(invalidation.status()).isEqualTo(201);
        JsonNode answer = invalidation.body();
        UUID eventId = UUID.fromString(answer.path("eventId").asText());
        assertThat(answer.path("batchId").asText()).isEqualTo(scene.batch());
        assertThat(answer.path("status").asText()).isEqualTo("INVALIDATED");
        assertThat(answer.path("reason").asText()).isEqualTo("project verification withdrawn");
        assertThat(answer.path("cancelledQuantity").asLong()).isEqualTo(85);
        assertThat(answer.path("retirementsAffected").asInt()).isEqualTo(1);
        JsonNode corporate = holder(answer.path("cancelled"), scene.corporate());
        assertThat(corporate.path("quantity").asLong()).isEqualTo(30);
        assertThat(corporate.at("/serialBlocks/0/first").asLong()).isEqualTo(first + 10);
        assertThat(corporate.at("/serialBlocks/0/last").asLong()).isEqualTo(first + 39);
        JsonNode developer = holder(answer.path("cancelled"), scene.developer());
        assertThat(developer.path("quantity").asLong()).isEqualTo(55);
        assertThat(developer.at("/serialBlocks/0/first").asLong()).isEqualTo(first + 45);
        assertThat(developer.at("/serialBlocks/0/last").asLong()).isEqualTo(first + 99);

        JsonNode view = scene.batchView();
        assertThat(view.path("status").asText()).isEqualTo("INVALIDATED");
        assertThat(view.path("held").asLong()).isZero();
        assertThat(view.path("retired").asLong()).isEqualTo(10);
        assertThat(view.path("cancelled").asLong()).as("cancelled before, by the holder").isEqualTo(5);
        assertThat(view.path("invalidated").asLong()).isEqualTo(85);
        assertThat(view.path("held").asLong() + view.path("retired").asLong() + view.path("cancelled").asLong()
                + view.path("invalidated").asLong()).as("conservation").isEqualTo(view.path("issued").asLong());
        assertThat(view.path("holders")).isEmpty();
        assertThat(view.at("/invalidation/eventId").asText()).isEqualTo(eventId.toString());
        assertThat(view.at("/invalidation/reason").asText()).isEqualTo("project verification withdrawn");
        assertThat(view.at("/invalidation/invalidatedAt").asText()).isNotBlank();
        assertThat(api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body())
                .as("holdings of the corporate").isEmpty();

        JsonNode summary = api.get("/api/batches?projectId=" + scene.project(), null).body().get(0);
        assertThat(summary.path("status").asText()).isEqualTo("INVALIDATED");
        assertThat(summary.path("invalidated").asLong()).isEqualTo(85);
        assertThat(summary.path("held").asLong()).isZero();
        JsonNode retirements = api.get(scene.batchPath() + "/retirements", null).body();
        assertThat(retirements).hasSize(1);
        assertThat(retirements.get(0).path("invalidated").asBoolean()).isTrue();
        assertThat(retirements.get(0).at("/invalidation/eventId").asText()).isEqualTo(eventId.toString());
        JsonNode retirement = api.get(scene.batchPath() + "/retirements/" + retirementId, null).body();
        assertThat(retirement.path("invalidated").asBoolean()).isTrue();
        assertThat(retirement.path("quantity").asLong()).as("retired credits stay retired").isEqualTo(10);
        assertThat(retirement.at("/invalidation/reason").asText()).isEqualTo("project verification withdrawn");

        assertProblem(api.post("/api/accounts/" + scene.corporate() + "/claims", scene.corporateKey(),
                body("type", "COMPENSATION", "periodStart", "2024-01-01", "periodEnd", "2024-12-31",
                        "statement", "our 2024 travel", "retirementIds", java.util.List.of(retirementId))),
                422, "retirement " + retirementId + " is from batch " + scene.batch() + ", which was invalidated");
    }

    @Test
    void nothingMovesInAnInvalidatedBatchAndItIsInvalidatedOnce() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 40), 201);
        Api.require(scene.invalidate(ADMIN_KEY), 201);

        assertRefusedWithoutChange(scene, () -> scene.transfer(ADMIN_KEY, scene.developer(), scene.corporate(), 1),
                409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> scene.retire(ADMIN_KEY, scene.corporate(), 1), 409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> scene.cancel(ADMIN_KEY, scene.developer(), 1), 409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> scene.freeze(ADMIN_KEY), 409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> scene.unfreeze(ADMIN_KEY), 409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> api.post(scene.batchPath() + "/article6/authorization", ADMIN_KEY,
                body("authorization", "AUTHORIZED_NDC", "authorizationId", "LoA-1")), 409, INVALIDATED);
        assertRefusedWithoutChange(scene, () -> api.post(scene.batchPath() + "/article6/corresponding-adjustment",
                ADMIN_KEY, body("status", "APPLIED", "reference", "initial report")), 409, INVALIDATED);
        Api.Response twice = assertRefusedWithoutChange(scene, () -> scene.invalidate(ADMIN_KEY), 409,
                "already invalidated");
        assertThat(twice.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aValidBatchIsUntouchedWhenAnotherIsInvalidated() {
        RegistryScene invalid = newScene(50);
        RegistryScene valid = newScene(50);
        Api.require(invalid.invalidate(ADMIN_KEY), 201);

        assertThat(valid.batchView().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(valid.batchView().path("invalidation").isNull()).isTrue();
        assertThat(valid.transfer(valid.developerKey(), valid.developer(), valid.corporate(), 1).status()).isEqualTo(201);
        String retirementId = valid.retire(valid.corporateKey(), valid.corporate(), 1).body().path("retirementId").asText();
        assertThat(api.get(valid.batchPath() + "/retirements/" + retirementId, null).body().path("invalidated").asBoolean())
                .isFalse();
    }

    @Test
    void onlyAnAdministratorInvalidatesAKnownBatchForAReason() {
        RegistryScene scene = newScene(100);
        String path = scene.batchPath() + "/invalidation";
        for (String key : new String[] {null, UNKNOWN_KEY, revokedKey(scene.developer())}) {
            assertRefusedWithoutChange(scene, () -> scene.invalidate(key), 401, "key");
        }
        assertRefusedWithoutChange(scene, () -> scene.invalidate(scene.developerKey()), 403, "administrator",
                "invalidate batches");
        assertRefusedWithoutChange(scene, () -> scene.invalidate(scene.auditorKey()), 403, "administrator");
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.post("/api/batches/" + unknown + "/invalidation", ADMIN_KEY, body("reason", "x")), 404, unknown);
        assertRefusedWithoutChange(scene, () -> api.post(path, ADMIN_KEY, body("reason", " ")), 400, "reason");
        assertRefusedWithoutChange(scene, () -> api.post(path, ADMIN_KEY, body()), 400, "reason");
        assertRefusedWithoutChange(scene, () -> api.post(path, ADMIN_KEY, body("reason", "R".repeat(501))), 400,
                "reason", "500");
        assertRefusedWithoutChange(scene, () -> api.postRaw(path, ADMIN_KEY, "application/json", "{\"reason\":"),
                400, "JSON");
        assertThat(scene.batchView().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(scene.batchView().path("held").asLong()).isEqualTo(100);
    }

    @Test
    void aRetriedInvalidationWithItsIdempotencyKeyAnswersAsTheFirstTime() {
        RegistryScene scene = newScene(100);
        String key = UUID.randomUUID().toString();
        String path = scene.batchPath() + "/invalidation";
        Api.Response first = api.post(path, ADMIN_KEY, body("reason", "double issuance"), key);
        Api.Response again = api.post(path, ADMIN_KEY, body("reason", "double issuance"), key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.headers().get("idempotent-replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertProblem(api.post(path, ADMIN_KEY, body("reason", "double issuance")), 409, "already invalidated");
    }

    private static JsonNode holder(JsonNode holders, String accountId) {
        for (JsonNode holder : holders) {
            if (holder.path("accountId").asText().equals(accountId)) {
                return holder;
            }
        }
        throw new AssertionError("no holding of " + accountId + " in " + holders);
    }
}
