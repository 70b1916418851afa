package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code POST/DELETE /api/accounts/{id}/api-keys}, {@code GET /api/auth/key} and {@code POST /api/auth/introspect}. */
class ApiKeysApiIT extends RunningRegistry {

    @Test
    void aNewKeyIsShownOnceAndActsForItsAccount() {
        RegistryScene scene = newScene(5);
        Api.Response created = api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER"));

        assertThat(created.status()).isEqualTo(201);
        String key = created.body().path("key").asText();
        String keyId = created.body().path("keyId").asText();
        assertThat(key).startsWith("crk_").hasSizeGreaterThanOrEqualTo(40);
        assertThat(keyId).isNotBlank().isNotEqualTo(key);
        assertThat(key).doesNotContain(keyId);
        assertThat(created.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(created.body().path("role").asText()).isEqualTo("ACCOUNT_HOLDER");

        assertThat(api.get("/api/accounts/" + scene.corporate(), key).status()).isEqualTo(200);
        Api.Response introspected = introspect(key);
        assertThat(introspected.status()).isEqualTo(200);
        assertThat(introspected.body().path("active").asBoolean()).isTrue();
        assertThat(introspected.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(introspected.body().path("role").asText()).isEqualTo("ACCOUNT_HOLDER");
        assertThat(introspected.body().toString()).doesNotContain(key);

        Api.Response own = api.get("/api/auth/key", key);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertThat(own.body().path("role").asText()).isEqualTo("ACCOUNT_HOLDER");
        assertThat(own.body().path("keyId").asText()).isEqualTo(keyId);
        assertThat(own.body().toString()).doesNotContain(key);
    }

    @Test
    void aCallerAsksWhoItsOwnKeyBelongsToWithoutAServiceKey() {
        RegistryScene scene = newScene(5);
        assertProblem(api.get("/api/auth/key", null), 401, "API key is required");
        assertProblem(api.get("/api/auth/key", "crk_not-a-key-anyone-was-given"), 401, "unknown or revoked");
        assertProblem(api.get("/api/auth/key", revokedKey(scene.corporate())), 401, "revoked");
        assertThat(api.get("/api/auth/key", scene.auditorKey()).body().path("role").asText()).isEqualTo("AUDITOR");
    }

    @Test
    void aRetriedKeyCreationIsRefusedAndNamesTheKeyAlreadyCreatedSinceKeysAreShownOnce() {
        RegistryScene scene = newScene(5);
        String idempotencyKey = "key-for-" + UUID.randomUUID();
        Api.Response first = api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER"), idempotencyKey);
        assertThat(first.status()).isEqualTo(201);

        Api.Response retry = api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER"), idempotencyKey);

        assertProblem(retry, 409, first.body().path("keyId").asText(), "shown only once");
        assertThat(retry.body().toString()).doesNotContain(first.body().path("key").asText());
        assertThat(introspect(first.body().path("key").asText()).body().path("active").asBoolean()).isTrue();
    }

    @Test
    void onlyAdministratorsCreateKeys() {
        RegistryScene scene = newScene(5);
        String path = keysOf(scene.corporate());
        Map<String, String> request = Map.of("role", "ACCOUNT_HOLDER");

        assertRefusedWithoutValidKey(key -> api.post(path, key, request), revokedKey(scene.corporate()));
        assertProblem(api.post(path, scene.corporateKey(), request), 403, "administrator", "API keys");
        assertProblem(api.post(path, scene.auditorKey(), request), 403, "administrator");
    }

    @Test
    void keyRequestsForUnknownAccountsOrWrongRolesAreRefused() {
        RegistryScene scene = newScene(5);
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.post(keysOf(unknown), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER")), 404, unknown);
        assertProblem(api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of()), 400, "role");
        assertProblem(api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ROOT")), 400, "ROOT");
        assertProblem(api.postRaw(keysOf(scene.corporate()), ADMIN_KEY, "application/json", "{\"role\""), 400, "JSON");
        assertProblem(api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "REGISTRY_ADMIN")), 422,
                "REGISTRY_ADMIN");
        assertProblem(api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "AUDITOR")), 422, "AUDITOR");
    }

    @Test
    void aRevokedKeyIsRefusedEverywhereWhileTheAccountsOtherKeysStillWork() {
        RegistryScene scene = newScene(5);
        Api.Response created = api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER"));
        String key = created.body().path("key").asText();
        String keyPath = keysOf(scene.corporate()) + "/" + created.body().path("keyId").asText();

        Api.Response revoked = api.delete(keyPath, ADMIN_KEY);
        assertThat(revoked.status()).isEqualTo(204);

        assertProblem(api.get("/api/accounts/" + scene.corporate(), key), 401, "revoked");
        assertProblem(api.get(scene.batchPath(), key), 401, "revoked");
        assertThat(introspect(key).body().path("active").asBoolean()).isFalse();
        assertThat(introspect(key).body().has("accountId")).isFalse();
        assertThat(api.get("/api/accounts/" + scene.corporate(), scene.corporateKey()).status()).isEqualTo(200);
        assertThat(api.delete(keyPath, ADMIN_KEY).status()).as("revoking twice").isEqualTo(204);
        assertProblem(api.get("/api/accounts/" + scene.corporate(), key), 401, "revoked");
    }

    @Test
    void revokingNeedsAnAdministratorAndAKeyOfThatAccount() {
        RegistryScene scene = newScene(5);
        Api.Response created = api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "ACCOUNT_HOLDER"));
        String keyId = created.body().path("keyId").asText();
        String keyPath = keysOf(scene.corporate()) + "/" + keyId;

        assertRefusedWithoutValidKey(key -> api.delete(keyPath, key), revokedKey(scene.corporate()));
        assertProblem(api.delete(keyPath, scene.corporateKey()), 403, "administrator");
        assertProblem(api.delete(keyPath, scene.auditorKey()), 403, "administrator");
        assertProblem(api.delete(keysOf(scene.developer()) + "/" + keyId, ADMIN_KEY), 404, keyId);
        assertProblem(api.delete(keysOf(scene.corporate()) + "/0123456789abcdef", ADMIN_KEY), 404, "0123456789abcdef");

        assertThat(introspect(created.body().path("key").asText()).body().path("active").asBoolean())
                .as("the key survived every refused revocation").isTrue();
    }

    @Test
    void introspectionAnswersInactiveForAnythingButALiveKey() {
        RegistryScene scene = newScene(5);
        for (String token : new String[] {UNKNOWN_KEY, revokedKey(scene.corporate()), "", "not a key"}) {
            Api.Response answer = introspect(token);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().path("active").asBoolean()).as("active for '%s'", token).isFalse();
            assertThat(answer.body().has("accountId")).isFalse();
        }
        Api.Response noToken = api.postRaw("/api/auth/introspect", SERVICE_KEY, "application/x-www-form-urlencoded", "");
        assertThat(noToken.body().path("active").asBoolean()).isFalse();

        Api.Response auditor = introspect(scene.auditorKey());
        assertThat(auditor.body().path("active").asBoolean()).isTrue();
        assertThat(auditor.body().path("role").asText()).isEqualTo("AUDITOR");
        assertThat(auditor.body().path("accountId").asText()).isEqualTo(scene.auditor());

        Api.Response admin = introspect(ADMIN_KEY);
        assertThat(admin.body().path("role").asText()).isEqualTo("REGISTRY_ADMIN");

        assertProblem(api.post("/api/auth/introspect", SERVICE_KEY, Map.of("token", scene.auditorKey())), 415);
    }

    @Test
    void theLedgersServiceKeyIsBootstrappedBesideReportingsAndMayIntrospect() {
        RegistryScene scene = newScene(5);
        Api.Response answer = api.postRaw("/api/auth/introspect", LEDGER_SERVICE_KEY, "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(scene.auditorKey(), StandardCharsets.UTF_8));
        Api.require(answer, 200);
        assertThat(answer.body().path("role").asText()).isEqualTo("AUDITOR");
        Api.Response ledgerKey = introspect(LEDGER_SERVICE_KEY);
        assertThat(ledgerKey.body().path("role").asText()).isEqualTo("SERVICE");
        assertThat(ledgerKey.body().path("accountId").asText()).isEqualTo(introspect(ADMIN_KEY).body().path("accountId").asText());
        assertThat(ledgerKey.body().path("keyId").asText()).isNotEqualTo(introspect(SERVICE_KEY).body().path("keyId").asText());
    }

    @Test
    void onlyAServiceKeyMayIntrospect() {
        RegistryScene scene = newScene(5);
        String form = "token=" + URLEncoder.encode(scene.corporateKey(), StandardCharsets.UTF_8);
        assertProblem(api.postRaw("/api/auth/introspect", null, "application/x-www-form-urlencoded", form), 401);
        for (String key : new String[] {scene.corporateKey(), scene.auditorKey(), ADMIN_KEY}) {
            assertProblem(api.postRaw("/api/auth/introspect", key, "application/x-www-form-urlencoded", form), 403);
        }
    }

    @Test
    void anAdministratorCreatesServiceKeysForTheRegistryAccountOnly() {
        RegistryScene scene = newScene(5);
        String registry = introspect(ADMIN_KEY).body().path("accountId").asText();
        Api.Response created = api.post(keysOf(registry), ADMIN_KEY, Map.of("role", "SERVICE"));
        Api.require(created, 201);
        String serviceKey = created.body().path("key").asText();
        Api.Response answer = api.postRaw("/api/auth/introspect", serviceKey, "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(scene.corporateKey(), StandardCharsets.UTF_8));
        assertThat(answer.body().path("accountId").asText()).isEqualTo(scene.corporate());
        assertProblem(api.post(keysOf(scene.corporate()), ADMIN_KEY, Map.of("role", "SERVICE")), 422, "REGISTRY account");
        assertProblem(api.post(keysOf(registry), scene.auditorKey(), Map.of("role", "SERVICE")), 403);
    }

    private Api.Response introspect(String token) {
        return api.postRaw("/api/auth/introspect", SERVICE_KEY, "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static String keysOf(String accountId) {
        return "/api/accounts/" + accountId + "/api-keys";
    }
}
