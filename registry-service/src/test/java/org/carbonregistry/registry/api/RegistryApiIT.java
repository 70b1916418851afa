package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryIntegrationTest;
import org.carbonregistry.registry.testing.Scenarios;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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
        Scenarios.issueTransferRetire(api, ADMIN_KEY);
    }
}
