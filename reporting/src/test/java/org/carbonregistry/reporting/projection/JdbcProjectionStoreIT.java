package org.carbonregistry.reporting.projection;

import com.zaxxer.hikari.HikariDataSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.esrs.EsrsReport;
import org.carbonregistry.reporting.esrs.ReportFormat;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataIngest;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.Reports;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TableDump;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.carbonregistry.reporting.testing.TestKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projection written to a real database (H2, or PostgreSQL when REPORTING_DB_URL is set). */
class JdbcProjectionStoreIT {

    private static final String TOPIC = "registry.events";

    private JdbcTemplate jdbc;
    private JdbcProjectionStore store;
    private TransactionTemplate transactions;
    private ProjectionIngest ingest;
    private PersonalDataIngest personalData;
    private Reports reports;
    private final SyntheticRegistry registry = new SyntheticRegistry(3, Instant.parse("2024-03-01T00:00:00Z"), Duration.ofMinutes(1));
    private final List<ConsumedRecord> stream = new ArrayList<>();
    private Instant afterFirstRetirements;

    private HikariDataSource dataSource;

    @AfterEach
    void closePool() {
        dataSource.close();
    }

    @BeforeEach
    void freshDatabase() {
        dataSource = TestDatabase.fresh("projection-store").dataSource();
        ProjectionSchema.create(dataSource);
        ProjectionSchema.create(dataSource); // idempotent: a restart runs it again
        jdbc = new JdbcTemplate(dataSource);
        store = new JdbcProjectionStore(jdbc);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PersonalDataCounters counters = new PersonalDataCounters(meters);
        PersonalDataStore personalDataStore = new PersonalDataStore(jdbc);
        ingest = new ProjectionIngest(store, transactions, TOPIC, TestKeys::registryVerifier, personalDataStore, counters,
                meters);
        personalData = new PersonalDataIngest(personalDataStore, transactions, counters);
        reports = new Reports(jdbc, TOPIC);
    }

    /** Three projects (biogenic removal in BR, technological removal in DE, reduction in KE), five retirements. */
    private void scene() {
        stream.add(registry.openAccount("dev", AccountType.PROJECT_DEVELOPER, "BR"));
        stream.add(registry.openAccount("corp-a", AccountType.CORPORATE, "DE"));
        stream.add(registry.openAccount("corp-b", AccountType.CORPORATE, "FR"));
        stream.add(registry.registerProject("p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "Forestry", "dev"));
        stream.add(registry.registerProject("p-dac", Standard.PURO, "DE", ProjectCategory.REMOVAL, RemovalSink.TECHNOLOGICAL, "DACCS", "dev"));
        stream.add(registry.registerProject("p-stove", Standard.GS, "KE", ProjectCategory.REDUCTION, null, "Cookstoves", "dev"));
        stream.add(registry.issue("b-forest", "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, 2022, 1000, "dev", false));
        stream.add(registry.issue("b-dac", "p-dac", Standard.PURO, "DE", ProjectCategory.REMOVAL, RemovalSink.TECHNOLOGICAL, 2023, 500, "dev", true));
        stream.add(registry.issue("b-stove", "p-stove", Standard.GS, "KE", ProjectCategory.REDUCTION, null, 2021, 800, "dev", false));
        stream.add(registry.transfer("b-forest", "dev", "corp-a", 400));
        stream.add(registry.transfer("b-dac", "dev", "corp-a", 200));
        stream.add(registry.transfer("b-stove", "dev", "corp-a", 300));
        stream.add(registry.transfer("b-forest", "dev", "corp-b", 100));
        stream.add(registry.retire("b-forest", "r-1", "corp-a", 150, "ACME", 2024));
        stream.add(registry.retire("b-dac", "r-2", "corp-a", 120, "ACME", 2024));
        afterFirstRetirements = registry.now();
        registry.advance(Duration.ofHours(1));
        stream.add(registry.retire("b-stove", "r-3", "corp-a", 200, "ACME Foundation", 2024));
        stream.add(registry.retire("b-stove", "r-4", "corp-a", 50, "ACME", 2023));
        stream.add(registry.retire("b-forest", "r-5", "corp-b", 60, "Beta GmbH", 2024));
        stream.add(registry.cancel("b-stove", "dev", 20));
        stream.add(registry.freeze("b-dac"));
        stream.add(registry.unfreeze("b-dac"));
        stream.add(registry.redeliver(stream.get(14)));
        stream.add(registry.redeliver(stream.get(9)));
        stream.add(registry.raw(2, "not json".getBytes(StandardCharsets.UTF_8)));
    }

    private void ingestPersonalData(String... retirementIds) {
        personalData.ingest(java.util.Arrays.stream(retirementIds).map(registry::personalDataRecord).toList());
    }

    private void ingestInChunks(List<ConsumedRecord> records, int chunk) {
        for (int from = 0; from < records.size(); from += chunk) {
            ingest.ingest(records.subList(from, Math.min(records.size(), from + chunk)));
        }
    }

    @Test
    void reportFiguresAreWhatWasRetiredToTheTonne() {
        scene();
        ingestInChunks(stream, 5);

        EsrsReport corpA = reports.report("corp-a", 2024, null);
        assertThat(corpA.summary().totalRetiredTonnes()).isEqualTo(470);
        assertThat(corpA.summary().retirementCount()).isEqualTo(3);
        assertThat(corpA.summary().removalTonnes()).isEqualTo(270);
        assertThat(corpA.summary().reductionTonnes()).isEqualTo(200);
        assertThat(corpA.summary().biogenicRemovalTonnes()).isEqualTo(150);
        assertThat(corpA.summary().technologicalRemovalTonnes()).isEqualTo(120);
        assertThat(corpA.summary().insideEuTonnes()).isEqualTo(120);
        assertThat(corpA.summary().outsideEuTonnes()).isEqualTo(350);
        assertThat(corpA.summary().correspondingAdjustmentTonnes()).isEqualTo(120);
        assertThat(corpA.summary().byStandard()).containsExactly(Map.entry("GS", 200L), Map.entry("PURO", 120L), Map.entry("VCS", 150L));
        assertThat(corpA.summary().byVintage()).containsExactly(Map.entry("2021", 200L), Map.entry("2022", 150L), Map.entry("2023", 120L));
        assertThat(corpA.summary().byProjectType()).containsExactly(Map.entry("Cookstoves", 200L), Map.entry("DACCS", 120L), Map.entry("Forestry", 150L));
        assertThat(reports.report("corp-a", 2023, null).summary().totalRetiredTonnes()).isEqualTo(50);
        assertThat(reports.report(null, 2024, null).summary().totalRetiredTonnes()).isEqualTo(530);
        assertThat(reports.report("corp-b", 2024, null).summary().byCountry()).containsExactly(Map.entry("BR", 60L));
    }

    /** A unit reads the batches and holdings it will touch at once: those answers are the one-at-a-time answers. */
    @Test
    void batchesAndHoldingsReadTogetherAreWhatTheyAreOneAtATime() {
        scene();
        ingestInChunks(stream, 2_000);
        List<String> batchIds = List.of("b-forest", "b-dac", "b-stove", "b-none");
        List<HoldingKey> holdingKeys = List.of(new HoldingKey("corp-a", "b-forest"), new HoldingKey("corp-b", "b-forest"),
                new HoldingKey("dev", "b-stove"), new HoldingKey("corp-b", "b-stove"), new HoldingKey("nobody", "b-dac"));

        Map<String, ProjectionChanges.BatchState> batches = store.batches(batchIds);
        assertThat(batches.keySet()).containsExactlyInAnyOrder("b-forest", "b-dac", "b-stove");
        batchIds.forEach(id -> store.batch(id).ifPresentOrElse(
                one -> assertThat(batches.get(id)).usingRecursiveComparison().isEqualTo(one),
                () -> assertThat(batches).doesNotContainKey(id)));
        Map<HoldingKey, org.carbonregistry.events.SerialRanges> holdings = store.holdings(holdingKeys);
        assertThat(holdings.keySet()).containsExactlyInAnyOrder(new HoldingKey("corp-a", "b-forest"),
                new HoldingKey("corp-b", "b-forest"), new HoldingKey("dev", "b-stove"));
        holdingKeys.forEach(key -> assertThat(Optional.ofNullable(holdings.get(key)))
                .isEqualTo(store.holding(key.accountId(), key.batchId())));
    }

    /**
     * ESRS E1-7's corresponding-adjustment share counts a batch's retirements once the host Party applied the
     * adjustment (also when it is applied after the retirement), not while it is pending; the old flag meant applied.
     */
    @Test
    void onlyAppliedCorrespondingAdjustmentsCountInTheEsrsShare() {
        stream.add(registry.openAccount("dev", AccountType.PROJECT_DEVELOPER, "BR"));
        stream.add(registry.openAccount("corp-a", AccountType.CORPORATE, "DE"));
        stream.add(registry.registerProject("p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "Forestry", "dev"));
        for (String batch : List.of("b-pending", "b-applied", "b-legacy", "b-none")) {
            stream.add(registry.issue(batch, "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                    RemovalSink.BIOGENIC, 2023, 1000, "dev", batch.equals("b-legacy")));
            stream.add(registry.transfer(batch, "dev", "corp-a", 400));
        }
        for (String batch : List.of("b-pending", "b-applied")) {
            stream.add(registry.append(new AuthorizationChanged(UUID.randomUUID(), registry.now(), batch,
                    Article6Authorization.AUTHORIZED_NDC, "LoA-1", "BR", CorrespondingAdjustmentStatus.PENDING,
                    "letter of authorisation"), batch));
        }
        stream.add(registry.retire("b-pending", "r-pending", "corp-a", 100, "ACME", 2024));
        stream.add(registry.retire("b-applied", "r-applied", "corp-a", 200, "ACME", 2024));
        stream.add(registry.retire("b-legacy", "r-legacy", "corp-a", 50, "ACME", 2024));
        stream.add(registry.retire("b-none", "r-none", "corp-a", 150, "ACME", 2024));
        ingestInChunks(stream, 4);
        assertThat(reports.report("corp-a", 2024, null).summary().correspondingAdjustmentTonnes())
                .as("before any adjustment is applied").isEqualTo(50);

        stream.clear();
        stream.add(registry.append(new CorrespondingAdjustmentApplied(UUID.randomUUID(), registry.now(), "b-applied",
                "BR initial report 2026"), "b-applied"));
        ingestInChunks(stream, 4);

        EsrsReport report = reports.report("corp-a", 2024, null);
        assertThat(report.summary().totalRetiredTonnes()).isEqualTo(500);
        assertThat(report.summary().correspondingAdjustmentTonnes()).isEqualTo(250);
        assertThat(report.summary().correspondingAdjustmentShare()).isEqualByComparingTo("0.5000");
    }

    @Test
    void holdingsAndBatchTotalsConserveEverySerial() {
        scene();
        ingestInChunks(stream, 4);

        assertThat(jdbc.queryForObject("SELECT quantity FROM rpt_holdings WHERE account_id = 'corp-a' AND batch_id = 'b-stove'", Long.class)).isEqualTo(50);
        assertThat(jdbc.queryForObject("SELECT serial_blocks FROM rpt_holdings WHERE account_id = 'corp-a' AND batch_id = 'b-forest'", String.class)).isEqualTo("151-400");
        for (String batch : List.of("b-forest", "b-dac", "b-stove")) {
            Map<String, Object> totals = jdbc.queryForMap("SELECT issued, retired, cancelled, frozen FROM rpt_batches WHERE batch_id = ?", batch);
            Long held = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM rpt_holdings WHERE batch_id = ?", Long.class, batch);
            assertThat(held + ((Number) totals.get("RETIRED")).longValue() + ((Number) totals.get("CANCELLED")).longValue())
                    .as(batch).isEqualTo(((Number) totals.get("ISSUED")).longValue());
            assertThat(totals.get("FROZEN")).isEqualTo(false);
        }
        assertThat(jdbc.queryForObject("SELECT retired FROM rpt_batches WHERE batch_id = 'b-stove'", Long.class)).isEqualTo(250);
    }

    @Test
    void anInvalidationIsStoredOnceEmptiesTheHoldingsAndFlagsTheRetirementsThroughAReplay() {
        scene();
        ConsumedRecord invalidation = registry.invalidate("b-forest", "verification withdrawn");
        stream.add(invalidation);
        stream.add(registry.redeliver(invalidation));
        // a second invalidation of the same batch (the registry never writes one; the monitor names it) changes nothing
        stream.add(registry.invalidate("b-forest", "again"));
        ingestInChunks(stream, 4);

        assertThat(jdbc.queryForList("SELECT reason, quantity FROM rpt_invalidations WHERE batch_id = 'b-forest'"))
                .singleElement().satisfies(row -> {
                    assertThat(row.get("REASON")).isEqualTo("verification withdrawn");
                    assertThat(((Number) row.get("QUANTITY")).longValue()).isEqualTo(790);
                });
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM rpt_holdings WHERE batch_id = 'b-forest'",
                Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT SUM(quantity) FROM rpt_cancellations WHERE batch_id = 'b-forest'",
                Long.class)).isEqualTo(790);
        assertThat(jdbc.queryForObject("SELECT retired FROM rpt_batches WHERE batch_id = 'b-forest'", Long.class))
                .as("retirements stay retired").isEqualTo(210);
        EsrsReport corpA = reports.report("corp-a", 2024, null);
        assertThat(corpA.summary().totalRetiredTonnes()).isEqualTo(470);
        assertThat(corpA.summary().invalidatedTonnes()).isEqualTo(150);
        assertThat(reports.report("corp-b", 2024, null).summary().invalidatedTonnes()).isEqualTo(60);
        assertThat(reports.report("corp-a", 2023, null).summary().invalidatedTonnes()).isZero();

        var tables = TableDump.of(jdbc);
        byte[] json = reports.render("corp-a", 2024, null, ReportFormat.JSON);
        ingest.reset();
        ingestInChunks(stream, 1000);
        assertThat(TableDump.of(jdbc)).isEqualTo(tables);
        assertThat(reports.render("corp-a", 2024, null, ReportFormat.JSON)).isEqualTo(json);
    }

    @Test
    void issuancesProjectedBeforeTheSerialLookUpGetTheirSerialRangeAtTheNextStart() {
        scene();
        ingestInChunks(stream, 4);
        List<Map<String, Object>> projected = jdbc.queryForList(
                "SELECT batch_id, first_serial, last_serial FROM rpt_issuances ORDER BY batch_id");
        assertThat(projected).isNotEmpty().allSatisfy(row -> assertThat(row.get("FIRST_SERIAL")).isNotNull());

        jdbc.update("UPDATE rpt_issuances SET first_serial = NULL, last_serial = NULL"); // as a database made before
        ProjectionSchema.create(jdbc.getDataSource());

        assertThat(jdbc.queryForList("SELECT batch_id, first_serial, last_serial FROM rpt_issuances ORDER BY batch_id"))
                .isEqualTo(projected);
    }

    @Test
    void redeliveredEventsChangeNothingButThePosition() {
        scene();
        ingestInChunks(stream, 6);
        var before = TableDump.of(jdbc, "rpt_consumer_offsets");
        long eventsBefore = jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events", Long.class);

        List<ConsumedRecord> again = stream.stream().filter(r -> r.value().length > 10).map(registry::redeliver).toList();
        ingestInChunks(again, 9);

        assertThat(TableDump.of(jdbc, "rpt_consumer_offsets")).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_events", Long.class)).isEqualTo(eventsBefore);
        ConsumedRecord last = again.get(again.size() - 1);
        assertThat(store.storedOffsets(TOPIC)).containsEntry(last.partition(), last.offset() + 1);
    }

    @Test
    void replayingFromTheFirstRecordRebuildsIdenticalProjectionsAndReports() {
        scene();
        ingestPersonalData("r-1", "r-2");
        ingestInChunks(stream, 3);
        ingestPersonalData("r-3", "r-4", "r-5");
        stream.add(registry.erase("b-forest", "r-5"));
        ingestInChunks(stream.subList(stream.size() - 1, stream.size()), 1);
        var tables = TableDump.of(jdbc);
        byte[] json = reports.render("corp-a", 2024, null, ReportFormat.JSON);
        byte[] csv = reports.render("corp-a", 2024, null, ReportFormat.CSV);
        byte[] registryJson = reports.render(null, 2024, null, ReportFormat.JSON);
        assertThat(new String(registryJson, StandardCharsets.UTF_8)).contains("\"beneficiary\":\"ACME Foundation\"",
                "\"beneficiary\":null,\"purpose\":null,\"erased\":true").doesNotContain("Beta GmbH");

        ingest.reset();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_retirements", Long.class)).isZero();
        ingestInChunks(stream, 1000);

        assertThat(TableDump.of(jdbc)).isEqualTo(tables);
        assertThat(reports.render("corp-a", 2024, null, ReportFormat.JSON)).isEqualTo(json);
        assertThat(reports.render("corp-a", 2024, null, ReportFormat.CSV)).isEqualTo(csv);
        assertThat(reports.render(null, 2024, null, ReportFormat.JSON)).isEqualTo(registryJson);
    }

    @Test
    void offsetsCommitWithTheRowsOrNotAtAll() {
        scene();
        ingestInChunks(stream.subList(0, 10), 10);
        var before = TableDump.of(jdbc);

        Projector projector = new Projector(TestKeys.registryVerifier());
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            store.write(TOPIC, projector.project(stream.subList(10, 20), store));
            throw new IllegalStateException("the process dies before the commit");
        })).hasMessageContaining("dies");

        assertThat(TableDump.of(jdbc)).isEqualTo(before);
        ConsumedRecord tenth = stream.get(9);
        assertThat(store.storedOffsets(TOPIC).get(tenth.partition())).isLessThanOrEqualTo(tenth.offset() + 1);
    }

    @Test
    void theCountsAreTheRowsWrittenHoweverTheRecordsCameAfterAResetAndInADatabaseMadeBefore() {
        scene();
        ingestInChunks(stream, 4); // units over one, two and three partitions
        ingest.ingest(List.of(registry.retire("b-forest", "r-1", "corp-a", 10, "ACME", 2024), // refused: one at a time
                registry.retire("b-forest", "r-6", "corp-a", 10, "ACME", 2024)));
        ProjectionCounts counted = rowsCounted();
        assertThat(counted.anomalies()).isPositive();
        assertThat(counted.quarantined()).isPositive();
        assertThat(store.counts()).isEqualTo(counted);

        ingest.reset();
        assertThat(store.counts()).isEqualTo(rowsCounted()).isEqualTo(new ProjectionCounts(0, 0, 0, 0, 0, 0, 0));
        ingestInChunks(stream, 1000);
        assertThat(store.counts()).isEqualTo(rowsCounted());

        jdbc.update("DROP TABLE rpt_projection_counts"); // as a database made before the counts were kept
        ProjectionSchema.create(dataSource);
        assertThat(store.counts()).isEqualTo(rowsCounted());
        ingest.ingest(List.of(registry.retire("b-forest", "r-7", "corp-a", 10, "ACME", 2024)));
        assertThat(store.counts()).isEqualTo(rowsCounted());
        assertThat(store.counts().retirements()).isEqualTo(counted.retirements());
    }

    private ProjectionCounts rowsCounted() {
        return new ProjectionCounts(rows("rpt_events"), rows("rpt_accounts"), rows("rpt_projects"),
                rows("rpt_batches"), rows("rpt_retirements"), rows("rpt_anomalies"), rows("rpt_quarantine"));
    }

    private long rows(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    @Test
    void aRecordTheDatabaseRefusesIsSetAsideAndTheRestLands() {
        scene();
        ingestInChunks(stream, 50);
        // Same retirement id, new event: the registry never does this, the database's key refuses it.
        ConsumedRecord clash = registry.retire("b-forest", "r-1", "corp-a", 10, "ACME", 2024);
        ConsumedRecord fine = registry.retire("b-forest", "r-6", "corp-a", 10, "ACME", 2024);
        ConsumedRecord alsoFine = registry.openAccount("corp-c", AccountType.CORPORATE, "IT");

        ProjectionIngest.Result result = ingest.ingest(List.of(clash, fine, alsoFine));

        assertThat(result.anomalies()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_retirements WHERE retirement_id = 'r-6'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_accounts WHERE account_id = 'corp-c'", Long.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT problem FROM rpt_anomalies WHERE kafka_partition = ? AND kafka_offset = ?",
                String.class, clash.partition(), clash.offset())).contains("refused by the projection database");
        for (ConsumedRecord record : List.of(clash, fine, alsoFine)) {
            assertThat(store.storedOffsets(TOPIC).get(record.partition())).isGreaterThan(record.offset());
        }
    }

    @Test
    void asOfReportsStopAtTheInstantGiven() {
        scene();
        ingestInChunks(stream, 7);

        EsrsReport then = reports.report("corp-a", 2024, afterFirstRetirements);
        EsrsReport now = reports.report("corp-a", 2024, null);

        assertThat(then.summary().totalRetiredTonnes()).isEqualTo(270);
        assertThat(now.summary().totalRetiredTonnes()).isEqualTo(470);
        assertThat(then.source().lastEventTime()).isBefore(afterFirstRetirements);
        assertThat(then.source().lastEventId()).isEqualTo(EventEnvelope.fromCanonicalBytes(stream.get(14).value()).eventId());
        assertThat(then.source().partitions()).allSatisfy(p -> assertThat(p.lastEventTime()).isBefore(afterFirstRetirements));
        assertThat(reports.report("corp-a", 2024, Instant.parse("2020-01-01T00:00:00Z")).summary().totalRetiredTonnes()).isZero();
    }

    @Test
    void csvAndJsonSayTheSame() throws Exception {
        scene();
        ingestInChunks(stream, 8);
        ingestPersonalData("r-1", "r-2", "r-3");

        JsonNode json = new ObjectMapper().readTree(reports.render("corp-a", 2024, null, ReportFormat.JSON));
        List<Map<String, String>> rows = csvRows(reports.render("corp-a", 2024, null, ReportFormat.CSV));

        assertThat(summary(rows, "totalRetiredTonnes", null)).isEqualTo(json.get("totalRetiredTonnes").asText()).isEqualTo("470");
        assertThat(summary(rows, "byStandard", "PURO")).isEqualTo("120");
        List<Map<String, String>> retirements = rows.stream().filter(r -> r.get("record").equals("retirement")).toList();
        assertThat(retirements).extracting(r -> r.get("retirementId")).containsExactly("r-1", "r-2", "r-3");
        for (int i = 0; i < retirements.size(); i++) {
            JsonNode retirement = json.get("retirements").get(i);
            assertThat(retirements.get(i).get("eventId")).isEqualTo(retirement.get("eventId").asText());
            assertThat(retirements.get(i).get("quantity")).isEqualTo(retirement.get("quantity").asText());
            assertThat(retirements.get(i).get("beneficiary")).isEqualTo(retirement.get("beneficiary").asText())
                    .startsWith("ACME");
        }
        assertThat(retirements.get(1).get("serialBlocks")).matches("PURO-B-DAC-2023-000001001-000001120");
    }

    /**
     * byLabel over real projections: each label's tonnes are the tonnes retired from batches carrying it, a
     * retirement from a batch with two labels counts under both, and a batch issued before the vocabulary keeps its
     * free-form label. JSON, CSV and PDF say the same.
     */
    @Test
    void theLabelSplitAddsUpToTheTonnesRetiredFromEachLabelsBatches() throws Exception {
        stream.add(registry.openAccount("dev", AccountType.PROJECT_DEVELOPER, "BR"));
        stream.add(registry.openAccount("corp-a", AccountType.CORPORATE, "DE"));
        stream.add(registry.append(new LabelRegistered(UUID.randomUUID(), registry.now(), "PURO_BIOCHAR",
                "Puro.earth biochar"), "label-vocabulary"));
        stream.add(registry.registerProject("p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "Forestry", "dev"));
        stream.add(registry.issue("b-both", "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                2022, 1000, "corp-a", false, List.of("CCP", "CORSIA_ELIGIBLE")));
        stream.add(registry.issue("b-bio", "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                2022, 1000, "corp-a", false, List.of("PURO_BIOCHAR")));
        stream.add(registry.issue("b-none", "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                2022, 1000, "corp-a", false, List.of()));
        stream.add(registry.issue("b-old", "p-forest", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                2021, 1000, "corp-a", false, List.of("CORSIA")));
        stream.add(registry.retire("b-both", "r-1", "corp-a", 150, "ACME", 2024));
        stream.add(registry.retire("b-both", "r-2", "corp-a", 50, "ACME", 2024));
        stream.add(registry.retire("b-bio", "r-3", "corp-a", 70, "ACME", 2024));
        stream.add(registry.retire("b-none", "r-4", "corp-a", 20, "ACME", 2024));
        stream.add(registry.retire("b-old", "r-5", "corp-a", 9, "ACME", 2024));
        ingestInChunks(stream, 4);

        EsrsReport report = reports.report("corp-a", 2024, null);
        long total = report.summary().totalRetiredTonnes();
        assertThat(total).isEqualTo(299);
        assertThat(report.summary().byLabel()).containsExactly(Map.entry("CCP", 200L), Map.entry("CORSIA", 9L),
                Map.entry("CORSIA_ELIGIBLE", 200L), Map.entry("PURO_BIOCHAR", 70L), Map.entry("unlabelled", 20L));
        // every tonne once, plus the 200 of the two-label batch a second time
        assertThat(report.summary().byLabel().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total + 200);

        JsonNode json = new ObjectMapper().readTree(reports.render("corp-a", 2024, null, ReportFormat.JSON));
        List<Map<String, String>> rows = csvRows(reports.render("corp-a", 2024, null, ReportFormat.CSV));
        for (Map.Entry<String, Long> label : report.summary().byLabel().entrySet()) {
            assertThat(json.at("/byLabel/" + label.getKey()).asLong()).isEqualTo(label.getValue());
            assertThat(summary(rows, "byLabel", label.getKey())).isEqualTo(label.getValue().toString());
        }
        long fromRows = 0;
        for (JsonNode retirement : json.get("retirements")) {
            if (retirement.get("labels").toString().contains("\"CCP\"")) {
                fromRows += retirement.get("quantity").asLong();
            }
        }
        assertThat(fromRows).as("tonnes of the annex rows whose batch is CCP").isEqualTo(json.at("/byLabel/CCP").asLong());
        assertThat(Pdfs.text(reports.render("corp-a", 2024, null, ReportFormat.PDF)))
                .contains("By label").contains("CORSIA_ELIGIBLE").contains("PURO_BIOCHAR");
    }

    static List<Map<String, String>> csvRows(byte[] csv) throws Exception {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll();
        }
    }

    static String summary(List<Map<String, String>> rows, String metric, String key) {
        return rows.stream()
                .filter(r -> r.get("record").equals("summary") && r.get("metric").equals(metric)
                        && (key == null || key.equals(r.get("key"))))
                .map(r -> r.get("tonnes")).findFirst().orElseThrow(() -> new AssertionError("no summary row " + metric + "/" + key));
    }
}
