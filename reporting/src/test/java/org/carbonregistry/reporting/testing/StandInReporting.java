package org.carbonregistry.reporting.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.reporting.ReportingApplication;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Base of the integration tests that need no registry-service: reporting on a random port against the shared Kafka
 * broker, on topics of its own that a {@link PlainProducer} writes signed envelopes and personal data to (made by a
 * {@link SyntheticRegistry}), a {@link RegistryStandIn} for introspection and the registry's key, and the
 * {@link LedgerContractServer}. No key is configured: reporting fetches and pins the registry's and the ledger's keys
 * as it does in production. Every subclass shares one Spring context.
 */
@SpringBootTest(classes = ReportingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // the Prometheus endpoint, as in production (tests leave metrics export off otherwise)
@ExtendWith(SharedKafka.Extension.class)
public abstract class StandInReporting {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    protected static final String EVENTS = "registry.events.it-" + SUFFIX;
    protected static final String PERSONAL_DATA = "registry.personal-data.it-" + SUFFIX;
    protected static final int PARTITIONS = 3;
    protected static final String ADMIN_KEY = RegistryStandIn.ADMIN_KEY;
    protected static final RegistryStandIn REGISTRY = start(RegistryStandIn::new);
    protected static final LedgerContractServer LEDGER = start(LedgerContractServer::new);
    /** The one registry history every subclass adds to, so sequences and holdings stay consistent. */
    protected static final SyntheticRegistry HISTORY = new SyntheticRegistry(PARTITIONS,
            Instant.now().minus(Duration.ofDays(1)), Duration.ofMillis(10));
    private static final TestDatabase DATABASE = TestDatabase.fresh("reporting-standin-it");
    private static PlainProducer producer;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.autoconfigure.exclude", ForeignAutoConfigurations::exclusions);
        registry.add("spring.datasource.url", DATABASE::url);
        registry.add("spring.datasource.username", DATABASE::user);
        registry.add("spring.datasource.password", DATABASE::password);
        registry.add("reporting.kafka.bootstrap-servers", StandInReporting::bootstrapServersWithTopics);
        registry.add("reporting.kafka.topic", () -> EVENTS);
        registry.add("reporting.kafka.personal-data-topic", () -> PERSONAL_DATA);
        registry.add("reporting.kafka.poll-timeout", () -> "200ms");
        // A group of its own: contexts of other test classes in this JVM read other topics.
        registry.add("reporting.kafka.group-id", () -> "reporting-it-" + java.util.UUID.randomUUID());
        registry.add("reporting.registry-url", () -> REGISTRY.url().toString());
        registry.add("reporting.ledger-url", () -> LEDGER.url().toString());
        registry.add("reporting.service-key", () -> RegistryStandIn.SERVICE_KEY);
        registry.add("reporting.registry-verifier-keys", () -> "");
        registry.add("reporting.ledger-public-key", () -> "");
    }

    @LocalServerPort
    protected int port;
    protected Http reporting;

    @BeforeEach
    void connect() {
        reporting = new Http(URI.create("http://127.0.0.1:" + port));
    }

    /** The producer, with both topics created before reporting first looks for them. */
    protected static synchronized PlainProducer producer() {
        if (producer == null) {
            producer = new PlainProducer(SharedKafka.bootstrapServers());
            producer.createTopics(EVENTS, PERSONAL_DATA, PARTITIONS);
        }
        return producer;
    }

    private static String bootstrapServersWithTopics() {
        producer();
        return SharedKafka.bootstrapServers();
    }

    /** Waits until reporting has consumed the events topic to its end. */
    protected void awaitCaughtUp() {
        await("reporting has consumed " + EVENTS + " to its end").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode status = reporting.get("/api/status", null).require(200).json();
                    return status.path("totalLag").isNumber() && status.get("totalLag").asLong() == 0;
                });
    }

    private interface Starter<T> {
        T start() throws IOException;
    }

    private static <T> T start(Starter<T> starter) {
        try {
            return starter.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
