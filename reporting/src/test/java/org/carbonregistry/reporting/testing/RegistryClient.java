package org.carbonregistry.reporting.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Drives registry-service through its HTTP API, as an administrator or an account holder would. */
public final class RegistryClient {

    private final Http http;
    private final String adminKey;

    public RegistryClient(Http http, String adminKey) {
        this.http = http;
        this.adminKey = adminKey;
    }

    public String openAccount(String name, String type, String jurisdiction) {
        return http.post("/api/accounts", adminKey, Map.of("name", name, "type", type, "jurisdiction", jurisdiction))
                .require(201).json().get("accountId").asText();
    }

    public String createKey(String accountId, String role) {
        return http.post("/api/accounts/" + accountId + "/api-keys", adminKey, Map.of("role", role))
                .require(201).json().get("key").asText();
    }

    public String registerProject(String name, String standard, String country, String category, String sink,
                                  String type, String developer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("standard", standard);
        body.put("methodology", "VM0047");
        body.put("country", country);
        body.put("category", category);
        body.put("removalSink", sink);
        body.put("type", type);
        body.put("developerAccountId", developer);
        return http.post("/api/projects", adminKey, body).require(201).json().get("projectId").asText();
    }

    public String issue(String projectId, int vintageYear, long quantity, String toAccount, boolean correspondingAdjustment) {
        return http.post("/api/batches", adminKey, Map.of("projectId", projectId,
                        "vintageStart", vintageYear + "-01-01", "vintageEnd", vintageYear + "-12-31", "quantity", quantity,
                        "toAccount", toAccount, "labels", List.of("CCP"), "correspondingAdjustment", correspondingAdjustment))
                .require(201).json().get("batchId").asText();
    }

    public JsonNode transfer(String key, String batchId, String from, String to, long quantity) {
        return http.post("/api/batches/" + batchId + "/transfers", key, Map.of("from", from, "to", to, "quantity", quantity))
                .require(201).json();
    }

    /** The registry's answer: retirementId, eventId, serialBlocks. */
    public JsonNode retire(String key, String batchId, String account, long quantity, String beneficiary, int year) {
        return http.post("/api/batches/" + batchId + "/retirements", key, Map.of("account", account,
                        "quantity", quantity, "beneficiary", beneficiary, "purpose", year + " voluntary claim",
                        "reportingYear", year))
                .require(201).json();
    }

    /** The plan's id. */
    public String planRetirement(String key, String account, long quantity, int plannedYear, boolean contracted) {
        return http.post("/api/accounts/" + account + "/retirement-plans", key, Map.of("quantity", quantity,
                        "plannedYear", plannedYear, "basedOnExistingContracts", contracted, "note", "plan of " + account))
                .require(201).json().get("planId").asText();
    }

    public void withdrawPlan(String key, String account, String planId) {
        http.delete("/api/accounts/" + account + "/retirement-plans/" + planId, key).require(204);
    }

    /** The registry's answer: claimId, tonnes, eventId. */
    public JsonNode claim(String key, String account, String type, int year, List<String> retirementIds) {
        return http.post("/api/accounts/" + account + "/claims", key, Map.of("type", type,
                        "periodStart", year + "-01-01", "periodEnd", year + "-12-31",
                        "statement", type + " claim for " + year, "retirementIds", retirementIds))
                .require(201).json();
    }

    public static String unique(String name) {
        return name + " " + UUID.randomUUID().toString().substring(0, 8);
    }
}
