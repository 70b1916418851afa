package org.carbonregistry.registry.testing;

import org.carbonregistry.kafka.local.SharedKafka;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.UUID;

/**
 * The whole registry-service on a random port, against a real Kafka broker ({@code KAFKA_BOOTSTRAP_SERVERS} or
 * an in-process KRaft broker) and a real database ({@code REGISTRY_DB_URL}, e.g. the local PostgreSQL in CI, or
 * an in-memory H2 database of its own).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"registry.admin-key=" + RegistryIntegrationTest.ADMIN_KEY,
                "registry.reporting-service-key=" + RegistryIntegrationTest.SERVICE_KEY,
                "registry.ledger-service-key=" + RegistryIntegrationTest.LEDGER_SERVICE_KEY})
@ExtendWith(SharedKafka.Extension.class)
public @interface RegistryIntegrationTest {

    String ADMIN_KEY = "crk_test-administrator-key-for-integration-tests";
    /** A SERVICE key (REPORTING_SERVICE_KEY): the only kind that may introspect keys. */
    String SERVICE_KEY = "crk_test-service-key-for-reporting-introspection";
    /** ledger-anchor's SERVICE key (LEDGER_SERVICE_KEY), bootstrapped the same way. */
    String LEDGER_SERVICE_KEY = "crk_test-service-key-for-ledger-introspection";

    /** Database and broker settings; call from a {@code @DynamicPropertySource} method. */
    final class Infrastructure {

        private static final String H2_NAME = "registry-it-" + UUID.randomUUID();

        private Infrastructure() {
        }

        public static void register(DynamicPropertyRegistry registry) {
            registry.add("registry.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
            String url = System.getenv("REGISTRY_DB_URL");
            if (url == null || url.isBlank()) {
                registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + H2_NAME + ";DB_CLOSE_DELAY=-1");
            }
        }
    }
}
