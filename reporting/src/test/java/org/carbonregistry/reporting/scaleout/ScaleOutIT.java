package org.carbonregistry.reporting.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.reporting.ReportingApplication;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionCounts;
import org.carbonregistry.reporting.projection.ProjectionIngest;
import org.carbonregistry.reporting.projection.ProjectionSchema;
import org.carbonregistry.reporting.projection.RegistryEventsConsumer;
import org.carbonregistry.reporting.projection.StaleWriterException;
import org.carbonregistry.reporting.testing.ForeignAutoConfigurations;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.PlainProducer;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two reporting instances (two Spring contexts, as two processes would run them) over one database and one broker
 * share the partitions in a consumer group: each owns some, the reports count every event exactly once, and when one
 * is closed mid-stream the other takes its partitions over from the offsets in the database, still exactly once.
 * Below that, the fence itself: a writer that lost its partition cannot commit. H2, or PostgreSQL with
 * {@code REPORTING_DB_URL}.
 */
@ExtendWith(SharedKafka.Extension.class)
class ScaleOutIT {

    private static final int PARTITIONS = 3;
    private static final int YEAR = 2025;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String events = "registry.events.scale-" + suffix;
    private final String personal = "registry.personal-data.scale-" + suffix;
    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void closeInstances() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstancesShareThePartitionsAndOneTakesOverWhenTheOtherStops() {
        TestDatabase database = TestDatabase.fresh("scale-out");
        try (PlainProducer producer = new PlainProducer(SharedKafka.bootstrapServers())) {
            producer.createTopics(events, personal, PARTITIONS);
            ConfigurableApplicationContext a = start("a", database);
            ConfigurableApplicationContext b = start("b", database);
            await("both instances own partitions of " + events).atMost(Duration.ofSeconds(20)).until(() ->
                    owned(a).size() + owned(b).size() == PARTITIONS && !owned(a).isEmpty() && !owned(b).isEmpty());
            assertThat(owned(a)).doesNotContainAnyElementsOf(owned(b));

            Registry registry = new Registry(producer);
            registry.setUp();
            long phaseOne = registry.trade(100);
            awaitCaughtUp(a);
            assertExactlyOnce(database, registry, phaseOne);
            assertThat(report(a)).isEqualTo(report(b));

            // Instance b is stopped while records keep arriving: a takes its partitions over where b's rows end.
            CompletableFuture<Long> phaseTwo = CompletableFuture.supplyAsync(() -> registry.trade(250));
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.published > registry.publishedBefore + 100);
            b.close();
            long retired = phaseOne + phaseTwo.join();
            await("instance a owns every partition").atMost(Duration.ofSeconds(20))
                    .until(() -> owned(a).size() == PARTITIONS);
            awaitCaughtUp(a);
            assertExactlyOnce(database, registry, retired);
        }
    }

    @Test
    void aWriterThatLostItsPartitionCannotCommitAndWritesNothing() {
        DataSource dataSource = TestDatabase.fresh("fence").dataSource();
        ProjectionSchema.create(dataSource);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SyntheticRegistry registry = new SyntheticRegistry(1, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1));
        List<ConsumedRecord> first = new ArrayList<>();
        List<ConsumedRecord> second = new ArrayList<>();
        List<ConsumedRecord> third = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(registry.openAccount("first-" + i, AccountType.CORPORATE, "DE"));
        }
        for (int i = 0; i < 10; i++) {
            second.add(registry.openAccount("second-" + i, AccountType.CORPORATE, "DE"));
        }
        for (int i = 0; i < 5; i++) {
            third.add(registry.openAccount("third-" + i, AccountType.CORPORATE, "DE"));
        }
        ProjectionIngest zombie = ingest(dataSource);
        ProjectionIngest successor = ingest(dataSource);

        zombie.positioned(0, null);
        zombie.ingest(first);
        // The group gives the partition to the successor, which positions itself from the database.
        successor.positioned(0, 10L);
        successor.ingest(second);
        // The zombie wakes up believing it still stands at offset 10 and applies what it polled next.
        assertThatThrownBy(() -> zombie.ingest(third)).isInstanceOf(StaleWriterException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_accounts WHERE account_id LIKE 'third-%'", Long.class))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events", Long.class)).isEqualTo(20);
        assertThat(new JdbcProjectionStore(jdbc).storedOffsets(events)).containsEntry(0, 20L);
        assertThat(new JdbcProjectionStore(jdbc).counts()).as("the zombie's counts rolled back with its rows")
                .extracting(ProjectionCounts::events, ProjectionCounts::accounts).containsExactly(20L, 20L);

        // Two writers that both find no row for a partition: the second insert of its offset row is refused.
        SyntheticRegistry other = new SyntheticRegistry(2, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(1));
        List<ConsumedRecord> onPartitionOne = new ArrayList<>();
        while (onPartitionOne.size() < 2) {
            ConsumedRecord record = other.openAccount(UUID.randomUUID().toString(), AccountType.CORPORATE, "FR");
            if (record.partition() == 1) {
                onPartitionOne.add(record);
            }
        }
        ProjectionIngest one = ingest(dataSource);
        ProjectionIngest two = ingest(dataSource);
        one.positioned(1, null);
        two.positioned(1, null);
        one.ingest(onPartitionOne.subList(0, 1));
        assertThatThrownBy(() -> two.ingest(onPartitionOne.subList(1, 2))).isInstanceOf(StaleWriterException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events WHERE kafka_partition = 1", Long.class))
                .isEqualTo(1);
        // Fenced, it reads the stored offset again and goes on from there.
        two.positioned(1, new JdbcProjectionStore(jdbc).storedOffsets(events).get(1));
        two.ingest(onPartitionOne.subList(1, 2));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events WHERE kafka_partition = 1", Long.class))
                .isEqualTo(2);
    }

    private ProjectionIngest ingest(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new ProjectionIngest(new JdbcProjectionStore(jdbc),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), events,
                TestKeys::registryVerifier, new PersonalDataStore(jdbc), new PersonalDataCounters(meters), meters);
    }

    /** A registry history: accounts and projects first (other partitions than the batches that need them). */
    private final class Registry {
        private final PlainProducer producer;
        private final SyntheticRegistry history = new SyntheticRegistry(PARTITIONS,
                Instant.parse("2025-03-01T00:00:00Z"), Duration.ofMillis(10));
        private final List<String> batches = new ArrayList<>();
        private final Map<String, Integer> next = new HashMap<>();
        volatile long published;
        volatile long publishedBefore;

        Registry(PlainProducer producer) {
            this.producer = producer;
        }

        void setUp() {
            for (String account : List.of("dev", "buyer-1", "buyer-2")) {
                send(history.openAccount(account, AccountType.CORPORATE, "DE"));
            }
            send(history.registerProject("prj", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                    "ARR", "dev"));
            for (int i = 0; i < 12; i++) {
                String batch = "batch-" + i;
                batches.add(batch);
                send(history.issue(batch, "prj", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                        2023, 1_000_000, "dev", false));
            }
        }

        /** Transfers and retirements with their personal data, round-robin over the batches; the tonnes retired. */
        long trade(int moves) {
            publishedBefore = published;
            long retired = 0;
            for (int i = 0; i < moves; i++) {
                String batch = batches.get(i % batches.size());
                String buyer = i % 2 == 0 ? "buyer-1" : "buyer-2";
                send(history.transfer(batch, "dev", buyer, 10));
                String retirementId = UUID.randomUUID().toString();
                long quantity = 1 + i % 7;
                send(history.retire(batch, retirementId, buyer, quantity, "Beneficiary " + i, YEAR));
                producer.send(personal, history.personalDataRecord(retirementId));
                retired += quantity;
            }
            return retired;
        }

        private void send(ConsumedRecord record) {
            producer.send(events, record);
            published++;
        }
    }

    private void assertExactlyOnce(TestDatabase database, Registry registry, long retired) {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.pooled(database.url(), database.user(), database.password()));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events", Long.class)).isEqualTo(registry.published);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_anomalies", Long.class)).isZero();
        assertThat(new JdbcProjectionStore(jdbc).counts()).as("counted by both instances")
                .extracting(ProjectionCounts::events, ProjectionCounts::retirements).containsExactly(registry.published,
                        jdbc.queryForObject("SELECT COUNT(*) FROM rpt_retirements", Long.class));
        assertThat(jdbc.queryForObject("SELECT SUM(retired) FROM rpt_batches", Long.class)).isEqualTo(retired);
        await("the personal data of every retirement verified").atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_personal_data WHERE state = 'VERIFIED'",
                        Long.class)).isEqualTo(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_retirements", Long.class)));
        JsonNode report = contexts.stream().filter(ConfigurableApplicationContext::isActive).findFirst()
                .map(this::report).orElseThrow();
        assertThat(report.get("totalRetiredTonnes").asLong()).isEqualTo(retired);
    }

    private ConfigurableApplicationContext start(String instance, TestDatabase database) {
        // Command-line arguments: they outrank application.yml, as the environment does in production.
        Map<String, String> settings = Map.ofEntries(
                        Map.entry("spring.autoconfigure.exclude", ForeignAutoConfigurations.exclusions()),
                        Map.entry("spring.datasource.url", database.url()),
                        Map.entry("spring.datasource.username", database.user()),
                        Map.entry("spring.datasource.password", database.password()),
                        Map.entry("server.port", "0"),
                        Map.entry("reporting.kafka.bootstrap-servers", SharedKafka.bootstrapServers()),
                        Map.entry("reporting.kafka.topic", events),
                        Map.entry("reporting.kafka.personal-data-topic", personal),
                        Map.entry("reporting.kafka.poll-timeout", "200ms"),
                        Map.entry("reporting.kafka.max-poll-records", "200"),
                        Map.entry("reporting.kafka.group-id", "reporting-scale-" + suffix),
                        Map.entry("reporting.kafka.session-timeout", "6s"),
                        Map.entry("reporting.kafka.instance-id", instance),
                        Map.entry("reporting.registry-url", "http://127.0.0.1:9"),
                        Map.entry("reporting.ledger-url", "http://127.0.0.1:9"),
                        Map.entry("reporting.service-key", ""),
                        Map.entry("reporting.registry-verifier-keys", TestKeys.registryVerifierKeys()),
                        Map.entry("reporting.ledger-public-key", ""));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ReportingApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private List<Integer> owned(ConfigurableApplicationContext context) {
        return context.getBean(RegistryEventsConsumer.class).ownedPartitions().getOrDefault(events, List.of());
    }

    private static Http http(ConfigurableApplicationContext context) {
        int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
        return new Http(URI.create("http://127.0.0.1:" + port));
    }

    private void awaitCaughtUp(ConfigurableApplicationContext context) {
        await("reporting has consumed " + events + " to its end").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    JsonNode status = http(context).get("/api/status", null).require(200).json();
                    return status.path("totalLag").isNumber() && status.get("totalLag").asLong() == 0;
                });
    }

    private JsonNode report(ConfigurableApplicationContext context) {
        JsonNode report = http(context).get("/api/reports/esrs-e1-7?year=" + YEAR + "&format=json", null)
                .require(200).json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) report).remove("source");
        return report;
    }
}
