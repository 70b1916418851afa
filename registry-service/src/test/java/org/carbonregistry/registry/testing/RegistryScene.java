package org.carbonregistry.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.batch.RetireCredits;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Everything one test needs, created through the API with fresh ids, so tests never see each other's data
 * (the database may be shared with other test classes and, under PostgreSQL, not empty).
 *
 * @param developer holds the whole batch when the scene is created
 * @param auditor   an AUDITOR account with an AUDITOR key
 */
public record RegistryScene(Api api, String adminKey, String developer, String developerKey, String corporate,
                            String corporateKey, String auditor, String auditorKey, String project, String batch,
                            JsonNode issuance) {

    public static RegistryScene create(Api api, String adminKey, long issued) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String developer = api.openAccount(adminKey, "Developer " + suffix, "PROJECT_DEVELOPER", "BR");
        String corporate = api.openAccount(adminKey, "Corporate " + suffix, "CORPORATE", "DE");
        String auditor = api.openAccount(adminKey, "Auditor " + suffix, "AUDITOR", "GB");
        String project = api.registerProject(adminKey, developer, "VCS", "BR", "REMOVAL", "BIOGENIC");
        Api.Response issuance = api.issue(adminKey, project, issued, developer);
        Api.require(issuance, 201);
        return new RegistryScene(api, adminKey, developer, api.createKey(adminKey, developer, "ACCOUNT_HOLDER"),
                corporate, api.createKey(adminKey, corporate, "ACCOUNT_HOLDER"),
                auditor, api.createKey(adminKey, auditor, "AUDITOR"),
                project, issuance.body().get("batchId").asText(), issuance.body());
    }

    /** The command an HTTP retirement by the corporate account's holder key becomes, for tests that send commands. */
    public RetireCredits retireCredits(long quantity) {
        return new RetireCredits(batch, corporate, quantity, "ACME Corp", "2024 voluntary claim",
                Commitment.encodeSalt(Commitment.newSalt()), Commitment.encodeSalt(Commitment.newSalt()), 2024, null,
                new Actor(corporate, Role.ACCOUNT_HOLDER));
    }

    /** {@code GET /api/batches/{batch}} as the administrator sees it: totals, status and every holder's serial blocks. */
    public JsonNode batchView() {
        Api.Response response = api.get(batchPath(), adminKey);
        Api.require(response, 200);
        return response.body();
    }

    public String batchPath() {
        return "/api/batches/" + batch;
    }

    public Api.Response transfer(String key, String from, String to, Object quantity) {
        return api.post(batchPath() + "/transfers", key, body("from", from, "to", to, "quantity", quantity));
    }

    public Api.Response retire(String key, String account, Object quantity) {
        return api.post(batchPath() + "/retirements", key, retirement(account, quantity));
    }

    public Api.Response cancel(String key, String account, Object quantity) {
        return api.post(batchPath() + "/cancellations", key,
                body("account", account, "quantity", quantity, "reason", "issued in error"));
    }

    public Api.Response freeze(String key) {
        return api.post(batchPath() + "/freeze", key, body("reason", "under investigation"));
    }

    public Api.Response unfreeze(String key) {
        return api.post(batchPath() + "/unfreeze", key, body("reason", "investigation closed"));
    }

    public Api.Response invalidate(String key) {
        return api.post(batchPath() + "/invalidation", key, body("reason", "project verification withdrawn"));
    }

    public static Map<String, Object> retirement(String account, Object quantity) {
        return body("account", account, "quantity", quantity, "beneficiary", "ACME Corp",
                "purpose", "2024 voluntary claim", "reportingYear", 2024);
    }

    /** A JSON object in the given key order; unlike {@link Map#of} it allows nulls. */
    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }
}
