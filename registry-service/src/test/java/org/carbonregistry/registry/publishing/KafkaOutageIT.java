package org.carbonregistry.registry.publishing;

import jakarta.persistence.EntityManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.carbonregistry.events.EventEnvelope;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.carbonregistry.kafka.local.LocalKafkaBroker;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryIntegrationTest;
import org.carbonregistry.registry.testing.RegistryScene;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event store is the outbox: commands succeed while Kafka is down, and every event accepted meanwhile
 * reaches the topic once the broker is back, in each aggregate's order.
 *
 * <p>Runs against a broker of its own (it stops it) and, whatever {@code REGISTRY_DB_URL} says, a database of
 * its own: with a shared event store, another test context's publisher could own the publishing token and send
 * these events to the shared broker instead.
 */
// Always on an H2 database of its own, so CI's PostgreSQL pass (which leaves "h2" out) would only repeat it.
@Tag("h2")
@ExtendWith(KafkaOutageIT.OwnBroker.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "registry.admin-key=" + RegistryIntegrationTest.ADMIN_KEY)
@DirtiesContext
class KafkaOutageIT {

    private static final String ADMIN_KEY = RegistryIntegrationTest.ADMIN_KEY;
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration RECOVERY = Duration.ofSeconds(120);

    private static volatile LocalKafkaBroker broker;

    /**
     * Starts the broker before the Spring context exists, and stops it only after the context has closed: a
     * resource in the class's store is closed after every after-all callback, {@code @DirtiesContext}'s too.
     */
    static final class OwnBroker implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            Path dataDir = Files.createTempDirectory("kafka-outage-it-");
            broker = LocalKafkaBroker.start(dataDir, 0, 0);
            broker.createTopic(RegistryEventsTopic.TOPIC, 3);
            context.getStore(ExtensionContext.Namespace.create(KafkaOutageIT.class)).put("broker",
                    (ExtensionContext.Store.CloseableResource) () -> {
                        broker.close();
                        deleteRecursively(dataDir);
                    });
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("registry.kafka.bootstrap-servers", () -> broker.bootstrapServers());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:kafka-outage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        registry.add("spring.datasource.username", () -> "sa");
        registry.add("spring.datasource.password", () -> "");
    }

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration eventProcessing;
    @Autowired
    EntityManager entityManager;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void eventsAcceptedWhileKafkaIsDownArriveOnceItIsBack() throws InterruptedException {
        Api api = new Api(port);
        RegistryScene scene = RegistryScene.create(api, ADMIN_KEY, 100);
        String issued = scene.issuance().path("eventId").asText();
        assertThat(readUntilAll(Set.of(scene.batch()), Set.of(issued), Duration.ofSeconds(60)))
                .as("published before the outage").extracting(Published::eventId).contains(issued);

        broker.shutdown();
        Set<String> duringOutage = new HashSet<>();
        Instant outageStarted = Instant.now();
        duringOutage.add(eventId(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30)));
        duringOutage.add(eventId(scene.retire(scene.corporateKey(), scene.corporate(), 5)));
        duringOutage.add(eventId(scene.freeze(ADMIN_KEY)));
        duringOutage.add(eventId(scene.unfreeze(ADMIN_KEY)));
        duringOutage.add(eventId(scene.cancel(scene.developerKey(), scene.developer(), 2)));
        Api.Response opened = api.post("/api/accounts", ADMIN_KEY,
                Map.of("name", "Opened during the outage", "type", "CORPORATE", "jurisdiction", "NL"));
        Api.require(opened, 201);
        String newAccount = opened.body().path("accountId").asText();
        assertThat(Duration.between(outageStarted, Instant.now()))
                .as("commands do not wait for Kafka").isLessThan(OUTAGE);
        assertThat(scene.batchView().path("retired").asLong()).isEqualTo(5);

        Thread.sleep(OUTAGE.toMillis());
        // Still accepted after the publisher has been failing for a while.
        duringOutage.add(eventId(scene.retire(scene.corporateKey(), scene.corporate(), 1)));
        broker.startAgain();

        List<Published> published = readUntilAll(Set.of(scene.batch(), newAccount), duringOutage, RECOVERY);

        Set<String> arrived = published.stream().map(Published::eventId).collect(Collectors.toSet());
        assertThat(arrived).as("events accepted while Kafka was down").containsAll(duringOutage);
        assertThat(published).extracting(Published::aggregateId).contains(newAccount);
        Map<String, List<Long>> firstAppearances = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Published record : published) {
            EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(record.value());
            if (seen.add(record.eventId())) {
                firstAppearances.computeIfAbsent(envelope.aggregateId(), id -> new ArrayList<>()).add(envelope.sequence());
            }
        }
        // Issued, transferred, retired, frozen, unfrozen, cancelled, retired: sequences 0..6, first seen in order.
        assertThat(firstAppearances.get(scene.batch())).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(firstAppearances.get(newAccount)).containsExactly(0L);
    }

    /**
     * A publisher that starts without a token (a new deployment over an existing event store) must publish what is
     * already stored. Axon's default first token is a replay, which the Kafka publisher would skip.
     */
    @Test
    void eventsStoredBeforeThePublisherFirstRanArePublished() {
        TrackingEventProcessor publisher = eventProcessing
                .eventProcessor(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        publisher.shutDown();
        Api.Response opened = new Api(port).post("/api/accounts", ADMIN_KEY,
                Map.of("name", "Opened while nothing publishes", "type", "CORPORATE", "jurisdiction", "FR"));
        Api.require(opened, 201);
        String account = opened.body().path("accountId").asText();
        transactions.executeWithoutResult(status -> entityManager
                .createQuery("delete from TokenEntry t where t.processorName = :name")
                .setParameter("name", KafkaEventPublisher.DEFAULT_PROCESSING_GROUP).executeUpdate());

        publisher.start();

        List<Published> published = RegistryEventsTopic.read(broker.bootstrapServers(), Set.of(account),
                records -> !records.isEmpty(), Duration.ofSeconds(60));
        assertThat(published).extracting(record -> EventEnvelope.fromCanonicalBytes(record.value()).type())
                .containsExactly("AccountOpened");
    }

    private static List<Published> readUntilAll(Set<String> aggregates, Set<String> eventIds, Duration timeout) {
        return RegistryEventsTopic.read(broker.bootstrapServers(), aggregates,
                RegistryEventsTopic.containsAll(eventIds), timeout);
    }

    private static String eventId(Api.Response response) {
        Api.require(response, 201);
        return response.body().path("eventId").asText();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover directory in the system temp dir is harmless.
        }
    }
}
