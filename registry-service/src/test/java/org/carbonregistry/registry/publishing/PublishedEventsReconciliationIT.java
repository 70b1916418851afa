package org.carbonregistry.registry.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reconciliation names a stored event the topic lacks (here: stored while the publisher was stopped), through
 * health and metric, once it is older than the gap timeout; and clears once the event is on the topic.
 */
@ExtendWith(SharedKafka.Extension.class)
class PublishedEventsReconciliationIT {

    private static final String ADMIN_KEY = RegistryInstances.ADMIN_KEY;

    private static RegistryInstances instances;
    private static ConfigurableApplicationContext registry;
    private static Api api;
    private static PublishedEventsReconciliation reconciliation;

    @BeforeAll
    static void start() throws Exception {
        instances = RegistryInstances.create();
        // A short gap timeout so that events are overdue within seconds; runs only when the test asks.
        registry = instances.start(Map.of("registry.command.transaction-timeout", "2s",
                "registry.publishing.gap-timeout", "5s", "registry.reconciliation.enabled", "false"));
        api = new Api(RegistryInstances.port(registry));
        reconciliation = registry.getBean(PublishedEventsReconciliation.class);
    }

    @AfterAll
    static void stop() throws Exception {
        instances.close();
    }

    @Test
    void anEventMissingFromTheTopicIsNamedUntilItIsPublished() {
        String published = api.openAccount(ADMIN_KEY, "Published as usual", "CORPORATE", "DE");
        long publishedIndex = globalIndexOf(published);
        await().atMost(Duration.ofSeconds(90)).until(() -> reconciliation.reconcile().checkedUpTo() >= publishedIndex);
        assertThat(reconciliation.status().unpublished()).isZero();
        assertThat(unpublishedGauge()).isZero();

        TrackingEventProcessor publisher = registry.getBean(EventProcessingConfiguration.class)
                .eventProcessor(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        publisher.shutDown();
        String stranded = api.openAccount(ADMIN_KEY, "Stored while nothing publishes", "CORPORATE", "FR");
        long strandedIndex = globalIndexOf(stranded);

        await().atMost(Duration.ofSeconds(90)).until(() -> {
            reconciliation.reconcile();
            return reconciliation.status().unpublished() > 0;
        });
        assertThat(reconciliation.status().first()).singleElement().satisfies(missing -> {
            assertThat(missing).containsEntry("globalIndex", strandedIndex).containsEntry("aggregateId", stranded)
                    .containsEntry("sequence", 0L).containsEntry("type", "AccountOpened");
        });
        assertThat(unpublishedGauge()).isEqualTo(1.0);
        assertThat(scrape()).contains("registry_unpublished_events 1.0");
        Api.Response health = api.get("/actuator/health", ADMIN_KEY);
        assertThat(health.status()).isEqualTo(503);
        JsonNode component = health.body().path("components").path("publishedEvents");
        assertThat(component.path("status").asText()).isEqualTo("DOWN");
        assertThat(component.path("details").path("unpublished").asLong()).isEqualTo(1);
        assertThat(component.path("details").path("first").get(0).path("globalIndex").asLong()).isEqualTo(strandedIndex);
        assertThat(component.path("details").path("first").get(0).path("eventIdentifier").asText()).isNotBlank();

        publisher.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            reconciliation.reconcile();
            return reconciliation.status().unpublished() == 0;
        });
        assertThat(unpublishedGauge()).isZero();
        assertThat(scrape()).contains("registry_unpublished_events 0.0");
        JsonNode cleared = api.get("/actuator/health", ADMIN_KEY).body().path("components").path("publishedEvents");
        assertThat(cleared.path("status").asText()).isEqualTo("UP");
        assertThat(cleared.path("details").path("checkedUpToGlobalIndex").asLong()).isGreaterThanOrEqualTo(strandedIndex);
    }

    @Test
    void aRecordOnTheTopicTwiceIsRememberedOnce() throws Exception {
        // An envelope of an aggregate the event store does not hold: its row stays until its event is stored, so the
        // copy sent after the first run meets that row in the second.
        String aggregateId = "read-twice-" + System.nanoTime();
        byte[] envelope = envelopeKey(aggregateId, 0);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int copy = 1; copy <= 2; copy++) {
                producer.send(new ProducerRecord<>(instances.topic(), envelope)).get();
                assertThat(reconciliation.reconcile().readToTheEnd()).as("run after copy %d", copy).isTrue();
                assertThat(rowsOf(aggregateId)).as("rows after copy %d", copy).isOne();
            }
        }
    }

    @Test
    void aRecordIsForgottenOnceItsEventIsPassedAndSoIsACopyReadLater() throws Exception {
        String account = api.openAccount(ADMIN_KEY, "Published and passed", "CORPORATE", "DE");
        long index = globalIndexOf(account);
        await().atMost(Duration.ofSeconds(90)).until(() -> reconciliation.reconcile().checkedUpTo() >= index);
        assertThat(rowsOf(account)).as("rows once its event is passed").isZero();

        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(instances.topic(), envelopeKey(account, 0))).get();
        }
        reconciliation.reconcile();
        assertThat(rowsOf(account)).as("a copy read after its event was passed").isOne();
        // Left for the runs after the gap timeout (5 s here), which know it for a copy and not a record in waiting.
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            reconciliation.reconcile();
            return rowsOf(account) == 0;
        });
        assertThat(reconciliation.status().unpublished()).isZero();
    }

    private static byte[] envelopeKey(String aggregateId, long sequence) {
        return ("{\"aggregateId\":\"" + aggregateId + "\",\"sequence\":" + sequence + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static long rowsOf(String aggregateId) {
        return registry.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from reconciliation_published_record where aggregate_id = ?", Long.class, aggregateId);
    }

    private static long globalIndexOf(String aggregateId) {
        return registry.getBean(JdbcTemplate.class).queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ?", Long.class, aggregateId);
    }

    private static double unpublishedGauge() {
        return registry.getBean(MeterRegistry.class).get("registry.unpublished.events").gauge().value();
    }

    private static String scrape() {
        var response = api.getText("/actuator/prometheus", ADMIN_KEY);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
