package org.carbonregistry.registry.testing;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Walks through the registry as its users do; shared by the tests on every kind of infrastructure. */
public final class Scenarios {

    private Scenarios() {
    }

    /** Issue 1000, transfer 300 to a corporate, retire 100 of them; returns the batch id. */
    public static String issueTransferRetire(Api api, String adminKey) {
        String developer = api.openAccount(adminKey, "Forest Developer", "PROJECT_DEVELOPER", "BR");
        String corporate = api.openAccount(adminKey, "ACME Corp", "CORPORATE", "DE");
        String project = api.registerProject(adminKey, developer, "VCS", "BR", "REMOVAL", "BIOGENIC");
        var issued = api.issue(adminKey, project, 1000, developer);
        Api.require(issued, 201);
        String batch = issued.body().get("batchId").asText();
        assertThat(issued.body().get("serialBlocks").get(0).get("quantity").asLong()).isEqualTo(1000);

        String developerKey = api.createKey(adminKey, developer, "ACCOUNT_HOLDER");
        var transfer = api.post("/api/batches/" + batch + "/transfers", developerKey,
                Map.of("from", developer, "to", corporate, "quantity", 300));
        Api.require(transfer, 201);
        assertThat(transfer.body().get("serialBlocks").get(0).get("quantity").asLong()).isEqualTo(300);

        String corporateKey = api.createKey(adminKey, corporate, "ACCOUNT_HOLDER");
        var retirement = api.post("/api/batches/" + batch + "/retirements", corporateKey,
                Map.of("account", corporate, "quantity", 100, "beneficiary", "ACME Corp",
                        "purpose", "2024 voluntary claim", "reportingYear", 2024));
        Api.require(retirement, 201);
        assertThat(retirement.body().get("retirementId").asText()).isNotBlank();
        assertThat(retirement.body().get("eventId").asText()).isNotBlank();

        var view = api.get("/api/batches/" + batch, null);
        Api.require(view, 200);
        assertThat(view.body().get("issued").asLong()).isEqualTo(1000);
        assertThat(view.body().get("retired").asLong()).isEqualTo(100);
        assertThat(view.body().get("held").asLong()).isEqualTo(900);

        var holdings = api.get("/api/accounts/" + corporate + "/holdings", corporateKey);
        Api.require(holdings, 200);
        assertThat(holdings.body().get(0).get("quantity").asLong()).isEqualTo(200);
        return batch;
    }
}
