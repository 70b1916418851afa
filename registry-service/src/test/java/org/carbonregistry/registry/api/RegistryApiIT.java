package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.RegistryIntegrationTest.ADMIN_KEY;

@RegistryIntegrationTest
class RegistryApiIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RegistryIntegrationTest.Infrastructure.register(registry);
    }

    @LocalServerPort
    int port;
    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @Test
    void issuesTransfersAndRetiresCredits() {
        String developer = api.openAccount(ADMIN_KEY, "Forest Developer", "PROJECT_DEVELOPER", "BR");
        String corporate = api.openAccount(ADMIN_KEY, "ACME Corp", "CORPORATE", "DE");
        String project = api.registerProject(ADMIN_KEY, developer, "VCS", "BR", "REMOVAL", "BIOGENIC");
        var issued = api.issue(ADMIN_KEY, project, 1000, developer);
        Api.require(issued, 201);
        String batch = issued.body().get("batchId").asText();
        assertThat(issued.body().get("serialBlocks").get(0).get("quantity").asLong()).isEqualTo(1000);

        String developerKey = api.createKey(ADMIN_KEY, developer, "ACCOUNT_HOLDER");
        var transfer = api.post("/api/batches/" + batch + "/transfers", developerKey,
                Map.of("from", developer, "to", corporate, "quantity", 300));
        Api.require(transfer, 201);

        String corporateKey = api.createKey(ADMIN_KEY, corporate, "ACCOUNT_HOLDER");
        var retirement = api.post("/api/batches/" + batch + "/retirements", corporateKey,
                Map.of("account", corporate, "quantity", 100, "beneficiary", "ACME Corp",
                        "purpose", "2024 voluntary claim", "reportingYear", 2024));
        Api.require(retirement, 201);
        assertThat(retirement.body().get("retirementId").asText()).isNotBlank();

        var view = api.get("/api/batches/" + batch, null);
        Api.require(view, 200);
        assertThat(view.body().get("issued").asLong()).isEqualTo(1000);
        assertThat(view.body().get("retired").asLong()).isEqualTo(100);
        assertThat(view.body().get("held").asLong()).isEqualTo(900);

        var holdings = api.get("/api/accounts/" + corporate + "/holdings", corporateKey);
        Api.require(holdings, 200);
        assertThat(holdings.body().get(0).get("quantity").asLong()).isEqualTo(200);
    }
}
