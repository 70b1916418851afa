package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * {@code POST /api/batches/{id}/transfers|retirements|cancellations|freeze|unfreeze}: what each accepts, and
 * that every refusal is a problem that leaves the batch exactly as it was.
 */
class BatchMovesApiIT extends RunningRegistry {

    private static final List<Object> BAD_QUANTITIES = List.of(0, -1, -1_000_000_000_000L, 1_000_000_000_000L);
    private static final BigInteger TEN_TO_THE_30 = BigInteger.TEN.pow(30);

    @Test
    void transfersMoveTheLowestSerialsFirst() {
        RegistryScene scene = newScene(100);
        long first = scene.issuance().at("/serialBlocks/0/first").asLong();

        Api.Response transfer = scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30);

        assertThat(transfer.status()).isEqualTo(201);
        assertThat(UUID.fromString(transfer.body().path("eventId").asText())).isNotNull();
        assertThat(transfer.body().path("serialBlocks")).hasSize(1);
        assertThat(transfer.body().at("/serialBlocks/0/first").asLong()).isEqualTo(first);
        assertThat(transfer.body().at("/serialBlocks/0/last").asLong()).isEqualTo(first + 29);
        JsonNode view = scene.batchView();
        assertThat(view.path("held").asLong()).isEqualTo(100);
        assertThat(holder(view, scene.corporate()).path("quantity").asLong()).isEqualTo(30);
        assertThat(holder(view, scene.developer()).path("quantity").asLong()).isEqualTo(70);
        assertThat(holder(view, scene.developer()).at("/serialBlocks/0/first").asLong()).isEqualTo(first + 30);

        Api.Response byAdmin = scene.transfer(ADMIN_KEY, scene.corporate(), scene.developer(), 5);
        assertThat(byAdmin.status()).as("an administrator acts for any account").isEqualTo(201);
        assertThat(holder(scene.batchView(), scene.corporate()).path("quantity").asLong()).isEqualTo(25);
    }

    @Test
    void refusedTransfersChangeNothing() {
        RegistryScene scene = newScene(100);
        String revoked = revokedKey(scene.developer());

        for (String key : new String[] {null, UNKNOWN_KEY, revoked}) {
            assertRefusedWithoutChange(scene, () -> scene.transfer(key, scene.developer(), scene.corporate(), 1),
                    401, "key");
        }
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.corporateKey(), scene.developer(), scene.corporate(), 10),
                403, scene.corporate(), "transfer credits", scene.developer());
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.auditorKey(), scene.developer(), scene.corporate(), 10),
                403, "transfer credits");
        String unknownBatch = "/api/batches/" + UUID.randomUUID() + "/transfers";
        assertRefusedWithoutChange(scene, () -> api.post(unknownBatch, scene.developerKey(),
                body("from", scene.developer(), "to", scene.corporate(), "quantity", 1)), 404, "does not exist");
        assertRefusedWithoutChange(scene, () -> api.postRaw(scene.batchPath() + "/transfers", scene.developerKey(),
                "application/json", "{\"from\": \"" + scene.developer() + "\", \"quantity\": 1,}"), 400, "JSON");
        assertRefusedWithoutChange(scene, () -> api.post(scene.batchPath() + "/transfers", scene.developerKey(),
                body("quantity", 1)), 400, "from", "to");
        assertRefusedWithoutChange(scene, () -> api.post(scene.batchPath() + "/transfers", scene.developerKey(),
                body("from", scene.developer(), "to", scene.corporate())), 400, "quantity");
        for (Object quantity : BAD_QUANTITIES) {
            assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                    scene.corporate(), quantity), 400, "quantity", String.valueOf(quantity));
        }
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.corporate(), TEN_TO_THE_30), 400, TEN_TO_THE_30.toString());
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.corporate(), 101), 422, "holds 100", "101");
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.developer(), 1), 400, "same account");
        String nobody = UUID.randomUUID().toString();
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(), nobody, 1),
                422, nobody);
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.auditor(), 1), 422, "AUDITOR");
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.corporateKey(), scene.corporate(),
                scene.developer(), 1), 422, "holds 0");
    }

    @Test
    void retirementsTakeTheLowestSerialsAndCountAsRetired() {
        RegistryScene scene = newScene(100);
        long first = scene.issuance().at("/serialBlocks/0/first").asLong();
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30), 201);

        Api.Response retired = scene.retire(scene.corporateKey(), scene.corporate(), 10);

        assertThat(retired.status()).isEqualTo(201);
        assertThat(retired.body().path("retirementId").asText()).isNotBlank();
        assertThat(retired.body().path("batchId").asText()).isEqualTo(scene.batch());
        assertThat(UUID.fromString(retired.body().path("eventId").asText())).isNotNull();
        assertThat(retired.body().at("/serialBlocks/0/first").asLong()).isEqualTo(first);
        assertThat(retired.body().at("/serialBlocks/0/last").asLong()).isEqualTo(first + 9);
        JsonNode view = scene.batchView();
        assertThat(view.path("retired").asLong()).isEqualTo(10);
        assertThat(view.path("held").asLong()).isEqualTo(90);
        assertThat(holder(view, scene.corporate()).path("quantity").asLong()).isEqualTo(20);
        assertThat(holder(view, scene.corporate()).at("/serialBlocks/0/first").asLong()).isEqualTo(first + 10);

        Api.Response withJurisdiction = api.post(scene.batchPath() + "/retirements", scene.corporateKey(),
                body("account", scene.corporate(), "quantity", 20, "beneficiary", "ACME Corp",
                        "purpose", "CORSIA offsetting", "reportingYear", 2024, "jurisdiction", "FR"));
        assertThat(withJurisdiction.status()).isEqualTo(201);
        assertThat(withJurisdiction.body().path("retirementId").asText())
                .isNotEqualTo(retired.body().path("retirementId").asText());
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(30);
        assertThat(api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body())
                .as("a fully retired holding is no longer listed").isEmpty();
    }

    @Test
    void refusedRetirementsChangeNothing() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30), 201);
        String revoked = revokedKey(scene.corporate());
        String path = scene.batchPath() + "/retirements";

        for (String key : new String[] {null, UNKNOWN_KEY, revoked}) {
            assertRefusedWithoutChange(scene, () -> scene.retire(key, scene.corporate(), 1), 401, "key");
        }
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.corporateKey(), scene.developer(), 1),
                403, "retire credits", scene.developer());
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.auditorKey(), scene.corporate(), 1),
                403, "retire credits");
        assertRefusedWithoutChange(scene, () -> api.post("/api/batches/" + UUID.randomUUID() + "/retirements",
                scene.corporateKey(), RegistryScene.retirement(scene.corporate(), 1)), 404, "does not exist");
        assertRefusedWithoutChange(scene, () -> api.postRaw(path, scene.corporateKey(), "application/json",
                "[\"not\", \"an\", \"object\"]"), 400, "JSON");
        assertRefusedWithoutChange(scene, () -> api.post(path, scene.corporateKey(),
                body("account", scene.corporate(), "quantity", 1)), 400, "beneficiary", "purpose", "reportingYear");
        for (Object quantity : BAD_QUANTITIES) {
            assertRefusedWithoutChange(scene, () -> scene.retire(scene.corporateKey(), scene.corporate(), quantity),
                    400, "quantity", String.valueOf(quantity));
        }
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.corporateKey(), scene.corporate(), TEN_TO_THE_30),
                400, TEN_TO_THE_30.toString());
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.corporateKey(), scene.corporate(), 31),
                422, "holds 30", "31");
        assertRefusedWithoutChange(scene, () -> api.post(path, scene.corporateKey(),
                body("account", scene.corporate(), "quantity", 1, "beneficiary", "ACME", "purpose", "claim",
                        "reportingYear", 1850)), 400, "reportingYear", "1850");
        assertRefusedWithoutChange(scene, () -> api.post(path, scene.corporateKey(),
                body("account", scene.corporate(), "quantity", 1, "beneficiary", "ACME", "purpose", "claim",
                        "reportingYear", 2024, "jurisdiction", "EU")), 400, "jurisdiction", "EU");
        assertRefusedWithoutChange(scene, () -> api.post(path, scene.corporateKey(),
                body("account", scene.corporate(), "quantity", 1, "beneficiary", "B".repeat(201), "purpose", "claim",
                        "reportingYear", 2024)), 400, "beneficiary", "200");
    }

    @Test
    void fractionalQuantitiesAreRefusedNotRounded() {
        RegistryScene scene = newScene(100);
        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.corporate(), 1.5), 400, "1.5");
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.developerKey(), scene.developer(), 2.7), 400, "2.7");
        String holdings = "/api/accounts/" + scene.developer() + "/holdings";
        JsonNode before = api.get(holdings, ADMIN_KEY).body();
        assertProblem(api.post("/api/batches", ADMIN_KEY, body("projectId", scene.project(), "vintageStart", "2022-01-01",
                "vintageEnd", "2022-12-31", "quantity", 10.5, "toAccount", scene.developer())), 400, "10.5");
        assertThat(api.get(holdings, ADMIN_KEY).body()).as("holdings after a refused issuance").isEqualTo(before);
    }

    @Test
    void holdersCancelTheirOwnCredits() {
        RegistryScene scene = newScene(100);
        long first = scene.issuance().at("/serialBlocks/0/first").asLong();

        Api.Response cancelled = scene.cancel(scene.developerKey(), scene.developer(), 15);

        assertThat(cancelled.status()).isEqualTo(201);
        assertThat(UUID.fromString(cancelled.body().path("eventId").asText())).isNotNull();
        assertThat(cancelled.body().at("/serialBlocks/0/first").asLong()).isEqualTo(first);
        assertThat(cancelled.body().at("/serialBlocks/0/quantity").asLong()).isEqualTo(15);
        JsonNode view = scene.batchView();
        assertThat(view.path("cancelled").asLong()).isEqualTo(15);
        assertThat(view.path("held").asLong()).isEqualTo(85);
        assertThat(view.path("retired").asLong()).isZero();
        assertThat(view.path("issued").asLong()).isEqualTo(100);
    }

    @Test
    void refusedCancellationsChangeNothing() {
        RegistryScene scene = newScene(100);
        String revoked = revokedKey(scene.developer());
        String path = scene.batchPath() + "/cancellations";

        for (String key : new String[] {null, UNKNOWN_KEY, revoked}) {
            assertRefusedWithoutChange(scene, () -> scene.cancel(key, scene.developer(), 1), 401, "key");
        }
        assertRefusedWithoutChange(scene, () -> scene.cancel(scene.corporateKey(), scene.developer(), 1),
                403, "cancel credits");
        assertRefusedWithoutChange(scene, () -> scene.cancel(scene.auditorKey(), scene.developer(), 1),
                403, "cancel credits");
        assertRefusedWithoutChange(scene, () -> api.post("/api/batches/" + UUID.randomUUID() + "/cancellations",
                scene.developerKey(), body("account", scene.developer(), "quantity", 1, "reason", "x")),
                404, "does not exist");
        assertRefusedWithoutChange(scene, () -> api.postRaw(path, scene.developerKey(), "application/json", "{"),
                400, "JSON");
        assertRefusedWithoutChange(scene, () -> api.post(path, scene.developerKey(),
                body("account", scene.developer(), "quantity", 1)), 400, "reason");
        for (Object quantity : BAD_QUANTITIES) {
            assertRefusedWithoutChange(scene, () -> scene.cancel(scene.developerKey(), scene.developer(), quantity),
                    400, "quantity", String.valueOf(quantity));
        }
        assertRefusedWithoutChange(scene, () -> scene.cancel(scene.developerKey(), scene.developer(), TEN_TO_THE_30),
                400, TEN_TO_THE_30.toString());
        assertRefusedWithoutChange(scene, () -> scene.cancel(scene.developerKey(), scene.developer(), 101),
                422, "holds 100", "101");
    }

    @Test
    void aFrozenBatchMovesNothingUntilItIsUnfrozen() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30), 201);

        Api.Response frozen = scene.freeze(ADMIN_KEY);
        assertThat(frozen.status()).isEqualTo(201);
        assertThat(UUID.fromString(frozen.body().path("eventId").asText())).isNotNull();
        assertThat(scene.batchView().path("status").asText()).isEqualTo("FROZEN");

        assertRefusedWithoutChange(scene, () -> scene.transfer(scene.developerKey(), scene.developer(),
                scene.corporate(), 1), 409, "frozen");
        assertRefusedWithoutChange(scene, () -> scene.retire(scene.corporateKey(), scene.corporate(), 1), 409, "frozen");
        assertRefusedWithoutChange(scene, () -> scene.cancel(scene.developerKey(), scene.developer(), 1), 409, "frozen");
        assertRefusedWithoutChange(scene, () -> scene.freeze(ADMIN_KEY), 409, "already frozen");
        assertRefusedWithoutChange(scene, () -> scene.unfreeze(scene.developerKey()), 403, "administrator");
        assertRefusedWithoutChange(scene, () -> scene.unfreeze(scene.auditorKey()), 403, "administrator");

        Api.Response unfrozen = scene.unfreeze(ADMIN_KEY);
        assertThat(unfrozen.status()).isEqualTo(201);
        assertThat(scene.batchView().path("status").asText()).isEqualTo("ACTIVE");
        assertThat(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1).status()).isEqualTo(201);
        assertThat(scene.retire(scene.corporateKey(), scene.corporate(), 1).status()).isEqualTo(201);
        assertThat(scene.cancel(scene.developerKey(), scene.developer(), 1).status()).isEqualTo(201);
        JsonNode view = scene.batchView();
        assertThat(view.path("retired").asLong()).isEqualTo(1);
        assertThat(view.path("cancelled").asLong()).isEqualTo(1);
        assertThat(holder(view, scene.corporate()).path("quantity").asLong()).isEqualTo(30);
        assertRefusedWithoutChange(scene, () -> scene.unfreeze(ADMIN_KEY), 409, "not frozen");
    }

    @Test
    void freezingNeedsAValidAdministratorKeyAndAKnownBatch() {
        RegistryScene scene = newScene(100);
        String revoked = revokedKey(scene.developer());
        for (String key : new String[] {null, UNKNOWN_KEY, revoked}) {
            assertRefusedWithoutChange(scene, () -> scene.freeze(key), 401, "key");
            assertRefusedWithoutChange(scene, () -> scene.unfreeze(key), 401, "key");
        }
        assertRefusedWithoutChange(scene, () -> scene.freeze(scene.developerKey()), 403, "administrator", "freeze");
        assertRefusedWithoutChange(scene, () -> scene.freeze(scene.auditorKey()), 403, "administrator");
        String unknown = UUID.randomUUID().toString();
        assertRefusedWithoutChange(scene, () -> api.post("/api/batches/" + unknown + "/freeze", ADMIN_KEY, null),
                404, unknown);
        assertRefusedWithoutChange(scene, () -> api.post("/api/batches/" + unknown + "/unfreeze", ADMIN_KEY, null),
                404, unknown);
        assertRefusedWithoutChange(scene, () -> api.postRaw(scene.batchPath() + "/freeze", ADMIN_KEY,
                "application/json", "{\"reason\":"), 400, "JSON");

        Api.Response withoutBody = api.post(scene.batchPath() + "/freeze", ADMIN_KEY, null);
        assertThat(withoutBody.status()).as("a reason is optional").isEqualTo(201);
        assertThat(scene.batchView().path("status").asText()).isEqualTo("FROZEN");
    }

    private static JsonNode holder(JsonNode batchView, String accountId) {
        for (JsonNode holder : batchView.path("holders")) {
            if (holder.path("accountId").asText().equals(accountId)) {
                return holder;
            }
        }
        return MissingNode.getInstance();
    }
}
