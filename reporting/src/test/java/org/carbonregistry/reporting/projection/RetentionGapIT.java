package org.carbonregistry.reporting.projection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.reporting.ReportingProperties;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataIngest;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.carbonregistry.reporting.testing.PlainProducer;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records deleted before reporting read them (retention, here {@code AdminClient.deleteRecords}) stop the partition
 * and say so, on both topics: the stored offset stays where it was, the readiness health is DOWN and names topic,
 * partition and offsets. Nothing is skipped. The real broker; the consumer as production wires it, without Spring.
 */
@ExtendWith(SharedKafka.Extension.class)
class RetentionGapIT {

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String events = "registry.events.gap-" + suffix;
    private final String personal = "registry.personal-data.gap-" + suffix;
    private final SyntheticRegistry registry = new SyntheticRegistry(1, Instant.parse("2025-01-01T00:00:00Z"),
            Duration.ofSeconds(1));
    private PlainProducer producer;
    private JdbcTemplate jdbc;
    private JdbcProjectionStore store;
    private PersonalDataIngest personalData;
    private ProjectionIngest ingest;
    private TransactionTemplate transactions;
    private TopicInspector inspector;
    private RegistryEventsConsumer consumer;

    @BeforeEach
    void setUp() {
        producer = new PlainProducer(SharedKafka.bootstrapServers());
        // compact,delete: a compact-only topic never loses its head (the broker refuses deleteRecords on it), but one
        // that also deletes by retention can.
        producer.createTopics(events, personal, 1, "compact,delete");
        DataSource dataSource = TestDatabase.fresh("retention-gap").dataSource();
        ProjectionSchema.create(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcProjectionStore(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PersonalDataCounters counters = new PersonalDataCounters(meters);
        PersonalDataStore personalDataStore = new PersonalDataStore(jdbc);
        personalData = new PersonalDataIngest(personalDataStore, transactions, counters);
        ingest = new ProjectionIngest(store, transactions, events, TestKeys::registryVerifier, personalDataStore,
                counters, meters);
        inspector = new TopicInspector(SharedKafka.bootstrapServers());
    }

    @AfterEach
    void tearDown() {
        if (consumer != null) {
            consumer.stop();
        }
        inspector.close();
        producer.close();
    }

    private RegistryEventsConsumer startConsumer() {
        consumer = new RegistryEventsConsumer(ingest, personalData, store, transactions, inspector,
                new ReportingProperties.Kafka(SharedKafka.bootstrapServers(), events, personal, 100,
                        Duration.ofMillis(100), true, "reporting-" + suffix, Duration.ofSeconds(6), null, 1, null));
        consumer.start();
        return consumer;
    }

    private Health health() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("consumer", consumer));
        return new ProjectionHealth(beans.getBeanProvider(RegistryEventsConsumer.class)).health();
    }

    @Test
    void eventsDeletedBeforeTheyWereReadStopThePartitionInsteadOfBeingSkipped() {
        for (int i = 0; i < 5; i++) {
            producer.send(events, registry.openAccount("read-" + i, AccountType.CORPORATE, "DE"));
        }
        startConsumer();
        await().atMost(Duration.ofSeconds(60)).until(() -> store.storedOffsets(events).getOrDefault(0, 0L) == 5);
        assertThat(health().getStatus()).isEqualTo(Status.UP);
        consumer.stop();

        for (int i = 0; i < 5; i++) {
            producer.send(events, registry.openAccount("deleted-or-not-" + i, AccountType.CORPORATE, "DE"));
        }
        producer.deleteRecords(events, 0, 8);
        startConsumer();

        await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.status().stoppedPartitions().isEmpty());
        RegistryEventsConsumer.StoppedPartition stopped = consumer.status().stoppedPartitions().get(0);
        assertThat(stopped.topic()).isEqualTo(events);
        assertThat(stopped.partition()).isZero();
        assertThat(stopped.nextOffset()).isEqualTo(5);
        assertThat(stopped.logStartOffset()).isEqualTo(8);
        assertThat(stopped.reason()).contains(events + " partition 0", "next offset 5", "starts at 8", "stopped");
        Health health = health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason").toString()).contains(events, "partition 0", "5", "8");
        // Nothing was skipped: the position stays before the gap, records 8 and 9 are not applied.
        assertThat(store.storedOffsets(events)).containsEntry(0, 5L);
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM rpt_accounts WHERE account_id LIKE 'deleted-or-not-%'", Long.class)).isZero();
    }

    @Test
    void personalDataDeletedBeforeItWasReadStopsItsPartitionToo() {
        producer.send(events, registry.openAccount("corp", AccountType.CORPORATE, "DE"));
        producer.send(personal, registry.personalDataRecord("r-0", null));
        producer.send(personal, registry.personalDataRecord("r-1", null));
        producer.send(personal, registry.personalDataRecord("r-2", null));
        producer.deleteRecords(personal, 0, 2);
        startConsumer();

        await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.status().stoppedPartitions().isEmpty());
        assertThat(consumer.status().stoppedPartitions()).singleElement().satisfies(stopped -> {
            assertThat(stopped.topic()).isEqualTo(personal);
            assertThat(stopped.nextOffset()).isZero();
            assertThat(stopped.logStartOffset()).isEqualTo(2);
        });
        assertThat(health().getStatus()).isEqualTo(Status.DOWN);
        // registry.events goes on: only the partition with the gap stops.
        await().atMost(Duration.ofSeconds(30)).until(() -> store.storedOffsets(events).getOrDefault(0, 0L) == 1);
    }
}
