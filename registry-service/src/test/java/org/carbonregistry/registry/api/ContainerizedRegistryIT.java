package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.Scenarios;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same walk-through on containers, where a Docker engine exists; skipped cleanly where none does (the
 * in-process broker and local database variants cover those machines).
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "registry.admin-key=" + ContainerizedRegistryIT.ADMIN_KEY)
class ContainerizedRegistryIT {

    static final String ADMIN_KEY = "crk_containerized-test-administrator-key";

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", POSTGRES::getJdbcUrl);
        registry.add("spring.datasource.username", POSTGRES::getUsername);
        registry.add("spring.datasource.password", POSTGRES::getPassword);
        registry.add("registry.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @LocalServerPort
    int port;

    @Test
    void issuesTransfersAndRetiresCreditsOnPostgresAndKafkaContainers() {
        Scenarios.issueTransferRetire(new Api(port), ADMIN_KEY);
    }
}
