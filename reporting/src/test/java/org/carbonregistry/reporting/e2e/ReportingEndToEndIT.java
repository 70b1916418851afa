package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.RegistryClient;
import org.carbonregistry.reporting.testing.RunningReporting;
import org.carbonregistry.reporting.testing.TopicReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.reporting.testing.RegistryClient.unique;

/**
 * registry-service and reporting in one JVM against one real Kafka broker: credits are issued, transferred and
 * retired through registry-service's HTTP API, and reporting's reports must say exactly what was done.
 */
class ReportingEndToEndIT extends RunningReporting {

    /** Everything done through the registry, once for the whole class. */
    record Scene(int year, String corpA, String corpAKey, String corpB, String corpBKey, String auditorKey,
                 List<JsonNode> corpAThisYear, JsonNode corpALastYear, JsonNode corpBThisYear,
                 Instant afterFirstTwo, long registryWideBefore) {
    }

    private static Scene scene;

    @BeforeEach
    void sceneOnce() {
        if (scene == null) {
            scene = buildScene();
        }
    }

    private Scene buildScene() {
        RegistryClient admin = new RegistryClient(registry, ADMIN_KEY);
        // A reporting year of this class's own, so registry-wide totals are not moved by other tests' retirements.
        int year = ThreadLocalRandom.current().nextInt(1995, 2016);
        String developer = admin.openAccount(unique("Developer"), "PROJECT_DEVELOPER", "BR");
        String corpA = admin.openAccount(unique("Corp A"), "CORPORATE", "DE");
        String corpB = admin.openAccount(unique("Corp B"), "CORPORATE", "FR");
        String auditor = admin.openAccount(unique("Auditor"), "AUDITOR", "GB");
        String developerKey = admin.createKey(developer, "ACCOUNT_HOLDER");
        String corpAKey = admin.createKey(corpA, "ACCOUNT_HOLDER");
        String corpBKey = admin.createKey(corpB, "ACCOUNT_HOLDER");
        String auditorKey = admin.createKey(auditor, "AUDITOR");

        String forest = admin.registerProject(unique("Forest"), "VCS", "BR", "REMOVAL", "BIOGENIC", "Forestry", developer);
        String dac = admin.registerProject(unique("Direct air capture"), "PURO", "DE", "REMOVAL", "TECHNOLOGICAL", "DACCS", developer);
        String stove = admin.registerProject(unique("Cookstoves"), "GS", "KE", "REDUCTION", null, "Cookstoves", developer);
        String forestBatch = admin.issue(forest, 2022, 1000, developer, false);
        String dacBatch = admin.issue(dac, 2023, 500, developer, true);
        String stoveBatch = admin.issue(stove, 2021, 800, developer, false);
        admin.transfer(developerKey, forestBatch, developer, corpA, 400);
        admin.transfer(developerKey, dacBatch, developer, corpA, 200);
        admin.transfer(developerKey, stoveBatch, developer, corpA, 300);
        admin.transfer(developerKey, forestBatch, developer, corpB, 100);

        awaitCaughtUp();
        long registryWideBefore = reporting.get("/api/reports/esrs-e1-7?year=" + year, null).require(200)
                .json().get("totalRetiredTonnes").asLong();

        List<JsonNode> corpAThisYear = new ArrayList<>();
        corpAThisYear.add(admin.retire(corpAKey, forestBatch, corpA, 150, "ACME Corp", year));
        corpAThisYear.add(admin.retire(corpAKey, dacBatch, corpA, 120, "ACME Corp", year));
        pause(Duration.ofMillis(20));
        Instant afterFirstTwo = Instant.now();
        pause(Duration.ofMillis(20));
        corpAThisYear.add(admin.retire(corpAKey, stoveBatch, corpA, 200, "ACME Foundation", year));
        JsonNode corpALastYear = admin.retire(corpAKey, stoveBatch, corpA, 50, "ACME Corp", year - 1);
        JsonNode corpBThisYear = admin.retire(corpBKey, forestBatch, corpB, 60, "Beta GmbH", year);

        List<JsonNode> all = new ArrayList<>(corpAThisYear);
        all.add(corpALastYear);
        all.add(corpBThisYear);
        // Beneficiaries come on registry.personal-data and show once they open the retirement's commitments.
        await("reporting has projected every retirement and its personal data").atMost(Duration.ofSeconds(60))
                .until(() -> all.stream().allMatch(r -> "verified".equals(reporting.get("/api/retirements/"
                        + r.get("retirementId").asText(), null).json().path("personalData").asText())));
        awaitCaughtUp();
        return new Scene(year, corpA, corpAKey, corpB, corpBKey, auditorKey, corpAThisYear, corpALastYear,
                corpBThisYear, afterFirstTwo, registryWideBefore);
    }

    private String report(String account, String format) {
        return "/api/reports/esrs-e1-7?year=" + scene.year() + (account == null ? "" : "&account=" + account)
                + "&format=" + format;
    }

    @Test
    void anAccountsReportIsWhatWasRetiredToTheTonne() {
        JsonNode report = reporting.get(report(scene.corpA(), "json"), scene.corpAKey()).require(200).json();

        assertThat(report.get("totalRetiredTonnes").asLong()).isEqualTo(470);
        assertThat(report.get("retirementCount").asLong()).isEqualTo(3);
        assertThat(report.get("removalTonnes").asLong()).isEqualTo(270);
        assertThat(report.get("reductionTonnes").asLong()).isEqualTo(200);
        assertThat(report.get("biogenicRemovalTonnes").asLong()).isEqualTo(150);
        assertThat(report.get("technologicalRemovalTonnes").asLong()).isEqualTo(120);
        assertThat(report.get("insideEuTonnes").asLong()).isEqualTo(120);
        assertThat(report.get("outsideEuTonnes").asLong()).isEqualTo(350);
        assertThat(report.get("correspondingAdjustmentTonnes").asLong()).isEqualTo(120);
        assertThat(report.get("correspondingAdjustmentShare").decimalValue()).isEqualByComparingTo("0.2553");
        assertThat(fields(report.get("byStandard"))).containsExactly(Map.entry("GS", 200L), Map.entry("PURO", 120L), Map.entry("VCS", 150L));
        assertThat(fields(report.get("byVintage"))).containsExactly(Map.entry("2021", 200L), Map.entry("2022", 150L), Map.entry("2023", 120L));
        assertThat(fields(report.get("byProjectType"))).containsExactly(Map.entry("Cookstoves", 200L), Map.entry("DACCS", 120L), Map.entry("Forestry", 150L));
        assertThat(fields(report.get("byCountry"))).containsExactly(Map.entry("BR", 150L), Map.entry("DE", 120L), Map.entry("KE", 200L));
        assertThat(report.get("statement").asText()).contains("not netted");

        JsonNode retirements = report.get("retirements");
        assertThat(retirements).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode done = scene.corpAThisYear().get(i);
            JsonNode row = retirements.get(i);
            assertThat(row.get("retirementId").asText()).isEqualTo(done.get("retirementId").asText());
            assertThat(row.get("eventId").asText()).isEqualTo(done.get("eventId").asText());
            assertThat(row.get("batchId").asText()).isEqualTo(done.get("batchId").asText());
            assertThat(row.get("quantity").asLong()).isEqualTo(sum(done.get("serialBlocks")));
            assertThat(serials(row.get("serialBlocks"))).isEqualTo(serials(done.get("serialBlocks")));
            assertThat(row.get("inclusionProofUrl").asText()).isEqualTo(LEDGER.url() + "/api/proofs/inclusion?eventId=" + done.get("eventId").asText());
        }
        assertThat(retirements.get(2).get("beneficiary").asText()).isEqualTo("ACME Foundation");

        JsonNode source = report.get("source");
        assertThat(source.get("topic").asText()).isEqualTo("registry.events");
        assertThat(source.get("lastEventId").asText()).isNotBlank();
        assertThat(source.get("partitions")).isNotEmpty().allSatisfy(p -> assertThat(p.get("lastOffset").asLong()).isGreaterThanOrEqualTo(0));

        JsonNode lastYear = reporting.get("/api/reports/esrs-e1-7?year=" + (scene.year() - 1) + "&account=" + scene.corpA(),
                scene.corpAKey()).require(200).json();
        assertThat(lastYear.get("totalRetiredTonnes").asLong()).isEqualTo(50);
    }

    @Test
    void registryWideAggregatesArePublicTheirAnnexIsForAuditors() {
        JsonNode anonymous = reporting.get(report(null, "json"), null).require(200).json();

        assertThat(anonymous.get("totalRetiredTonnes").asLong() - scene.registryWideBefore()).isEqualTo(530);
        assertThat(anonymous.get("scope").asText()).isEqualTo("registry");
        assertThat(anonymous.has("retirements")).isFalse();
        assertThat(anonymous.get("annex").asText()).startsWith("omitted");
        assertThat(anonymous.get("removalTonnes").asLong() + anonymous.get("reductionTonnes").asLong()
                + anonymous.get("unclassifiedTonnes").asLong()).isEqualTo(anonymous.get("totalRetiredTonnes").asLong());

        JsonNode audited = reporting.get(report(null, "json"), scene.auditorKey()).require(200).json();
        List<String> ids = StreamSupport.stream(audited.get("retirements").spliterator(), false)
                .map(r -> r.get("retirementId").asText()).toList();
        assertThat(ids).contains(scene.corpBThisYear().get("retirementId").asText(),
                scene.corpAThisYear().get(0).get("retirementId").asText());
        assertThat(ids).doesNotContain(scene.corpALastYear().get("retirementId").asText());
        long annexTotal = StreamSupport.stream(audited.get("retirements").spliterator(), false)
                .mapToLong(r -> r.get("quantity").asLong()).sum();
        assertThat(annexTotal).isEqualTo(audited.get("totalRetiredTonnes").asLong());
    }

    @Test
    void theCsvParsesBackToTheSameFigures() throws Exception {
        Http.Response response = reporting.get(report(scene.corpA(), "csv"), scene.corpAKey()).require(200);
        assertThat(response.contentType()).startsWith("text/csv");

        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> iterator = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(response.body())) {
            rows = iterator.readAll();
        }

        assertThat(summary(rows, "totalRetiredTonnes", null)).isEqualTo("470");
        assertThat(summary(rows, "removalTonnes", null)).isEqualTo("270");
        assertThat(summary(rows, "reductionTonnes", null)).isEqualTo("200");
        assertThat(summary(rows, "biogenicRemovalTonnes", null)).isEqualTo("150");
        assertThat(summary(rows, "technologicalRemovalTonnes", null)).isEqualTo("120");
        assertThat(summary(rows, "insideEuTonnes", null)).isEqualTo("120");
        assertThat(summary(rows, "outsideEuTonnes", null)).isEqualTo("350");
        assertThat(summary(rows, "correspondingAdjustmentTonnes", null)).isEqualTo("120");
        assertThat(summary(rows, "byStandard", "VCS")).isEqualTo("150");
        assertThat(summary(rows, "byVintage", "2023")).isEqualTo("120");
        List<Map<String, String>> retirements = rows.stream().filter(r -> r.get("record").equals("retirement")).toList();
        assertThat(retirements).extracting(r -> r.get("eventId"))
                .containsExactlyElementsOf(scene.corpAThisYear().stream().map(r -> r.get("eventId").asText()).toList());
        assertThat(retirements).extracting(r -> r.get("quantity")).containsExactly("150", "120", "200");
        assertThat(retirements.get(0).get("serialBlocks"))
                .isEqualTo(scene.corpAThisYear().get(0).get("serialBlocks").get(0).get("serials").asText());
        assertThat(rows).anySatisfy(r -> assertThat(r.get("record")).isEqualTo("source"));
    }

    @Test
    void thePdfStatesTheTotalsAndEveryRetirement() throws Exception {
        Http.Response response = reporting.get(report(scene.corpA(), "pdf"), scene.corpAKey()).require(200);
        assertThat(response.contentType()).isEqualTo("application/pdf");

        String text = Pdfs.text(response.body()).replaceAll("\\s+", " ");

        assertThat(text).contains("ESRS E1-7", "Reporting year " + scene.year(), "Total retired 470 t", "Removals 270 t",
                "biogenic sinks 150 t", "technological sinks 120 t", "Reductions 200 t", "Projects inside the EU 120 t",
                "Projects outside the EU 350 t", "With corresponding adjustment 120 t", "not netted",
                "Annex: every retirement in the report (3)");
        for (JsonNode retirement : scene.corpAThisYear()) {
            assertThat(text).contains(retirement.get("retirementId").asText(), retirement.get("eventId").asText(),
                    retirement.get("serialBlocks").get(0).get("serials").asText());
        }
        assertThat(Pdfs.pages(response.body())).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCertificateNamesTheRetirementAndItsQrCodeLeadsToTheInclusionProof() throws Exception {
        JsonNode retirement = scene.corpAThisYear().get(0);
        String id = retirement.get("retirementId").asText();
        String eventId = retirement.get("eventId").asText();
        String proofUrl = LEDGER.url() + "/api/proofs/inclusion?eventId=" + eventId;

        Http.Response notAnchored = reporting.get("/api/retirements/" + id + "/certificate.pdf", scene.corpAKey()).require(200);
        String text = Pdfs.text(notAnchored.body()).replaceAll("\\s+", " ");
        assertThat(text).contains("ACME Corp", "150 tCO2e", retirement.get("serialBlocks").get(0).get("serials").asText(),
                "Forest", "2022", id, eventId, "not yet anchored; verify at " + proofUrl);
        assertThat(Pdfs.qrCode(notAnchored.body(), 0)).isEqualTo(proofUrl);

        // The ledger seals the very bytes that went over Kafka: the certificate now cites leaf and checkpoint.
        int leaf = LEDGER.anchor(TopicReader.envelope(SharedKafka.bootstrapServers(), "registry.events",
                UUID.fromString(eventId), Duration.ofSeconds(30)));
        Http.Response anchored = reporting.get("/api/retirements/" + id + "/certificate.pdf", scene.auditorKey()).require(200);
        assertThat(anchored.headers().firstValue("X-Ledger-Status")).contains("Anchored");
        assertThat(Pdfs.text(anchored.body()).replaceAll("\\s+", " "))
                .contains("Ledger leaf index " + leaf, "tree size " + (leaf + 1)).doesNotContain("not yet anchored");
        assertThat(Pdfs.qrCode(anchored.body(), 0)).isEqualTo(proofUrl);
    }

    @Test
    void anAsOfReportExcludesLaterRetirements() {
        String asOf = scene.afterFirstTwo().toString();

        JsonNode then = reporting.get(report(scene.corpA(), "json") + "&asOf=" + asOf, scene.corpAKey()).require(200).json();

        assertThat(then.get("totalRetiredTonnes").asLong()).isEqualTo(270);
        assertThat(then.get("asOf").asText()).startsWith(asOf.substring(0, 19));
        assertThat(StreamSupport.stream(then.get("retirements").spliterator(), false).map(r -> r.get("retirementId").asText()))
                .containsExactly(scene.corpAThisYear().get(0).get("retirementId").asText(),
                        scene.corpAThisYear().get(1).get("retirementId").asText());
        assertThat(Instant.parse(then.get("source").get("lastEventTime").asText())).isBeforeOrEqualTo(scene.afterFirstTwo());
        assertThat(reporting.get(report(scene.corpA(), "json"), scene.corpAKey()).require(200).json()
                .get("totalRetiredTonnes").asLong()).isEqualTo(470);
    }

    @Test
    void theRetirementsOfAnAccountAreListedWithTheirEvents() {
        JsonNode list = reporting.get("/api/retirements?account=" + scene.corpA(), scene.corpAKey()).require(200).json();

        assertThat(StreamSupport.stream(list.get("retirements").spliterator(), false).map(r -> r.get("eventId").asText()))
                .containsExactlyInAnyOrder(scene.corpAThisYear().get(0).get("eventId").asText(),
                        scene.corpAThisYear().get(1).get("eventId").asText(), scene.corpAThisYear().get(2).get("eventId").asText(),
                        scene.corpALastYear().get("eventId").asText());
        JsonNode one = reporting.get("/api/retirements/" + scene.corpBThisYear().get("retirementId").asText(), scene.corpBKey())
                .require(200).json();
        assertThat(one.get("beneficiary").asText()).isEqualTo("Beta GmbH");
        assertThat(one.get("quantity").asLong()).isEqualTo(60);
        assertThat(one.get("leafHash").asText()).hasSize(44);
    }

    @Test
    void replayingFromOffsetZeroGivesByteIdenticalReports() {
        byte[] json = reporting.get(report(scene.corpA(), "json"), scene.corpAKey()).require(200).body();
        byte[] csv = reporting.get(report(scene.corpA(), "csv"), scene.corpAKey()).require(200).body();
        byte[] registryJson = reporting.get(report(null, "json"), scene.auditorKey()).require(200).body();
        byte[] registryCsv = reporting.get(report(null, "csv"), scene.auditorKey()).require(200).body();
        long events = reporting.get("/api/status", null).require(200).json().get("projection").get("events").asLong();

        Http.Response replay = reporting.post("/api/admin/replay", ADMIN_KEY, null);
        assertThat(replay.status()).isEqualTo(202);
        await("the replay has rebuilt every event").atMost(Duration.ofSeconds(90)).until(() -> {
            JsonNode status = reporting.get("/api/status", null).require(200).json();
            return status.get("projection").get("events").asLong() == events && status.get("totalLag").asLong() == 0;
        });

        assertThat(reporting.get(report(scene.corpA(), "json"), scene.corpAKey()).require(200).body()).isEqualTo(json);
        assertThat(reporting.get(report(scene.corpA(), "csv"), scene.corpAKey()).require(200).body()).isEqualTo(csv);
        assertThat(reporting.get(report(null, "json"), scene.auditorKey()).require(200).body()).isEqualTo(registryJson);
        assertThat(reporting.get(report(null, "csv"), scene.auditorKey()).require(200).body()).isEqualTo(registryCsv);
    }

    @Test
    void statusShowsTheConsumerHasNoLag() {
        JsonNode status = reporting.get("/api/status", null).require(200).json();

        assertThat(status.get("kafka").asText()).isEqualTo("reachable");
        assertThat(status.get("totalLag").asLong()).isZero();
        assertThat(status.get("partitions")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("lag").asLong()).isZero();
            assertThat(p.get("storedOffset").asLong()).isEqualTo(p.get("endOffset").asLong());
        });
        assertThat(status.get("consumer").get("state").asText()).isEqualTo("CONSUMING");
        assertThat(status.get("projection").get("retirements").asLong()).isGreaterThanOrEqualTo(5);
    }

    private static Map<String, Long> fields(JsonNode object) {
        Map<String, Long> fields = new java.util.LinkedHashMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asLong()));
        return fields;
    }

    private static long sum(JsonNode blocks) {
        return StreamSupport.stream(blocks.spliterator(), false).mapToLong(b -> b.get("quantity").asLong()).sum();
    }

    private static List<String> serials(JsonNode blocks) {
        return StreamSupport.stream(blocks.spliterator(), false).map(b -> b.get("serials").asText()).toList();
    }

    private static String summary(List<Map<String, String>> rows, String metric, String key) {
        return rows.stream()
                .filter(r -> r.get("record").equals("summary") && r.get("metric").equals(metric)
                        && (key == null || key.equals(r.get("key"))))
                .map(r -> r.get("tonnes")).findFirst().orElseThrow(() -> new AssertionError("no summary row " + metric + "/" + key));
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
