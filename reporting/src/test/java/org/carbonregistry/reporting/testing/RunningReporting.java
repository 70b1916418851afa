package org.carbonregistry.reporting.testing;

import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.reporting.ReportingApplication;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * Base of the HTTP integration tests against the real registry-service: reporting on a random port against the
 * shared Kafka broker, registry-service booted in the same JVM, a database of its own, and a ledger-anchor stand-in
 * that speaks the proof contract. Every subclass shares one Spring context (same configuration), so one consumer
 * writes one database.
 *
 * <p>Reporting trusts only signed events and introspects keys with a SERVICE key: the tests need a registry-service
 * that signs (it serves {@code /api/registry-key}) and are skipped, saying why, with one that does not. The registry
 * key is fetched and pinned as in production, or taken from {@code REGISTRY_VERIFIER_KEYS}; the service key is
 * {@code REPORTING_SERVICE_KEY}, or one the tests create through the admin API ({@link EmbeddedRegistry#serviceKey}).
 */
@SpringBootTest(classes = ReportingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(SharedKafka.Extension.class)
public abstract class RunningReporting {

    protected static final String ADMIN_KEY = EmbeddedRegistry.ADMIN_KEY;
    protected static final LedgerContractServer LEDGER = startLedger();
    private static final TestDatabase DATABASE = TestDatabase.fresh("reporting-it");

    @BeforeAll
    static void aRegistryThatSigns() {
        Assumptions.assumeTrue(EmbeddedRegistry.signsEvents(), "registry-service on this classpath does not sign"
                + " events (no GET /api/registry-key): reporting would quarantine everything it publishes");
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.autoconfigure.exclude", ForeignAutoConfigurations::exclusions);
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("reporting.kafka.bootstrap-servers", SharedKafka::bootstrapServers);
        registry.add("reporting.registry-url", () -> EmbeddedRegistry.url().toString());
        registry.add("reporting.ledger-url", () -> LEDGER.url().toString());
        registry.add("reporting.kafka.poll-timeout", () -> "200ms");
        // A group of its own: contexts of other test classes in this JVM read other topics.
        registry.add("reporting.kafka.group-id", () -> "reporting-it-" + java.util.UUID.randomUUID());
        registry.add("reporting.service-key", EmbeddedRegistry::serviceKey);
        registry.add("reporting.registry-verifier-keys", () -> System.getenv().getOrDefault("REGISTRY_VERIFIER_KEYS", ""));
        registry.add("reporting.ledger-public-key", () -> "");
    }

    @LocalServerPort
    protected int port;
    protected Http reporting;
    protected Http registry;

    @BeforeEach
    void connect() {
        reporting = new Http(URI.create("http://127.0.0.1:" + port));
        registry = new Http(EmbeddedRegistry.url());
    }

    /** Waits until reporting has consumed registry.events to its end. */
    protected void awaitCaughtUp() {
        await("reporting has consumed registry.events to its end").atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = reporting.get("/api/status", null).require(200).json();
            return status.path("totalLag").isNumber() && status.get("totalLag").asLong() == 0;
        });
    }

    private static LedgerContractServer startLedger() {
        try {
            return new LedgerContractServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
