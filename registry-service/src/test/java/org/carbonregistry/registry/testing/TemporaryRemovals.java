package org.carbonregistry.registry.testing;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.carbonregistry.registry.testing.RegistryScene.body;

/** Projects and batches of EU CRCF temporary removals, set up through the API. */
public final class TemporaryRemovals {

    private TemporaryRemovals() {
    }

    public static Map<String, Object> project(String developer, String category, String sink, String benefitType) {
        return body("name", "Soil carbon " + UUID.randomUUID().toString().substring(0, 6), "standard", "PURO",
                "methodology", "soil-organic-carbon", "country", "DE", "category", category, "removalSink", sink,
                "type", "Soil carbon", "developerAccountId", developer, "benefitType", benefitType);
    }

    /** Registers a TEMPORARY_REMOVAL project of {@code developer}; returns its id. */
    public static String registerProject(Api api, String adminKey, String developer) {
        Api.Response registered = api.post("/api/projects", adminKey,
                project(developer, "REMOVAL", "BIOGENIC", "TEMPORARY_REMOVAL"));
        Api.require(registered, 201);
        return registered.body().get("projectId").asText();
    }

    public static Map<String, Object> issuance(String projectId, long quantity, String toAccount, LocalDate expiresOn) {
        return body("projectId", projectId, "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31",
                "quantity", quantity, "toAccount", toAccount, "expiresOn", expiresOn == null ? null : expiresOn.toString());
    }
}
