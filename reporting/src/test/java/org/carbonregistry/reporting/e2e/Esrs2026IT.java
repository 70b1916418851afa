package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.esrs.EsrsXhtmlWriter;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.InlineXbrlDocument;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/reports/esrs-2026} over HTTP on a real broker and database: credits bought during the year, some
 * transferred on, retired and bought again; the report counts what was bought and is still held, to the tonne, and
 * says the same in JSON, CSV, PDF and Inline XBRL.
 */
class Esrs2026IT extends StandInReporting {

    private static final String CORP = "r26-corp";
    private static final String SELLER = "r26-seller";
    private static final String OTHER = "r26-other";
    private static int year;
    private static Instant beforeTheTransfers;

    @BeforeEach
    void publishOnce() {
        if (beforeTheTransfers != null) {
            return;
        }
        beforeTheTransfers = HISTORY.now();
        year = beforeTheTransfers.atZone(ZoneOffset.UTC).getYear();
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(CORP, AccountType.CORPORATE, "DE"),
                HISTORY.openAccount(SELLER, AccountType.PROJECT_DEVELOPER, "NL"),
                HISTORY.openAccount(OTHER, AccountType.CORPORATE, "FR"),
                HISTORY.registerProject("r26-dac", Standard.PURO, "IS", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, "Direct air capture", SELLER),
                HISTORY.registerProject("r26-forest", Standard.VCS, "FI", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Afforestation", SELLER),
                HISTORY.registerProject("r26-stoves", Standard.GS, "KE", ProjectCategory.REDUCTION,
                        null, "Cookstoves", SELLER),
                HISTORY.issue("r26-a", "r26-dac", Standard.PURO, "IS", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, year - 1, 1000, SELLER, false),
                HISTORY.issue("r26-b", "r26-forest", Standard.VCS, "FI", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, year - 1, 500, SELLER, false),
                HISTORY.issue("r26-c", "r26-stoves", Standard.GS, "KE", ProjectCategory.REDUCTION,
                        null, year - 1, 50, CORP, false),                    // issued to the corporate: not bought
                HISTORY.transfer("r26-a", SELLER, CORP, 200),              // a: 200 bought
                HISTORY.transfer("r26-a", CORP, OTHER, 30),                // 30 sold on
                HISTORY.retire("r26-a", "r26-ra", CORP, 20, "Corp", year),  // 20 retired: 150 still held
                HISTORY.transfer("r26-b", SELLER, CORP, 100),              // b: 100 bought
                HISTORY.retire("r26-b", "r26-rb", CORP, 40, "Corp", year),  // 40 retired
                HISTORY.transfer("r26-b", SELLER, CORP, 50),               // 50 more: 110 still held
                HISTORY.retire("r26-c", "r26-rc", CORP, 10, "Corp", year),  // c was issued, not bought
                HISTORY.transfer("r26-c", CORP, OTHER, 5)));
        await("reporting has every movement").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/r26-rc", null).status() == 200
                        && report("json", "").json().path("purchasedNotCancelledTonnes").asLong() == 260);
    }

    private Http.Response report(String format, String more) {
        return reporting.get("/api/reports/esrs-2026?account=" + CORP + "&year=" + year + "&format=" + format + more,
                ADMIN_KEY).require(200);
    }

    @Test
    void boughtAndStillHeldIsCountedToTheTonneWithTransfersOutAndRetirementsInBetween() {
        JsonNode json = report("json", "").json();

        assertThat(json.get("report").asText()).isEqualTo("ESRS E1 (revised, 2026)");
        assertThat(json.get("purchasedNotCancelledTonnes").asLong()).isEqualTo(150 + 110);
        assertThat(json.get("cancelledTonnes").asLong()).isEqualTo(70);
        assertThat(json.get("removalSharePercent").decimalValue()).isEqualByComparingTo("85.71");
        assertThat(json.get("natureBasedRemovalTonnes").asLong()).isEqualTo(40);
        assertThat(json.get("technologicalRemovalTonnes").asLong()).isEqualTo(20);

        // the buyer of the 30 and the 5 holds them; the seller bought nothing
        assertThat(reporting.get("/api/reports/esrs-2026?account=" + OTHER + "&year=" + year, ADMIN_KEY).require(200)
                .json().get("purchasedNotCancelledTonnes").asLong()).isEqualTo(35);
        assertThat(reporting.get("/api/reports/esrs-2026?account=" + SELLER + "&year=" + year, ADMIN_KEY).require(200)
                .json().get("purchasedNotCancelledTonnes").asLong()).isZero();
        // before the transfers, and in the year before, nothing was bought or cancelled
        JsonNode before = report("json", "&asOf=" + beforeTheTransfers).json();
        assertThat(before.get("purchasedNotCancelledTonnes").asLong()).isZero();
        assertThat(before.get("cancelledTonnes").asLong()).isZero();
        JsonNode lastYear = reporting.get("/api/reports/esrs-2026?account=" + CORP + "&year=" + (year - 1), ADMIN_KEY)
                .require(200).json();
        assertThat(lastYear.get("purchasedNotCancelledTonnes").asLong()).isZero();
    }

    @Test
    void csvPdfAndInlineXbrlStateTheJsonFigures() throws Exception {
        JsonNode json = report("json", "").json();
        List<String> fields = List.of("cancelledTonnes", "purchasedNotCancelledTonnes", "removalSharePercent",
                "natureBasedRemovalTonnes", "technologicalRemovalTonnes");

        Map<String, String> csv;
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(report("csv", "").body())) {
            csv = rows.readAll().stream().filter(row -> row.get("record").equals("summary"))
                    .collect(Collectors.toMap(row -> row.get("metric"), row -> row.get("value")));
        }
        String pdf = Pdfs.text(report("pdf", "").body());
        for (String field : fields) {
            assertThat(csv.get(field)).as(field).isEqualTo(json.get(field).decimalValue().toPlainString());
            assertThat(pdf).contains(field + ": " + json.get(field).decimalValue().toPlainString());
        }

        Http.Response xhtml = report("xhtml", "");
        assertThat(xhtml.contentType()).startsWith("application/xhtml+xml");
        Map<String, InlineXbrlDocument.Fact> facts = new InlineXbrlDocument(xhtml.body()).checkedFacts();
        // the revised ESRS has no taxonomy yet: the 2023 elements that mean the same, and only those
        assertThat(facts.keySet()).containsExactlyInAnyOrder(EsrsXhtmlWriter.CANCELLED, EsrsXhtmlWriter.REMOVAL_SHARE);
        assertThat(facts.get(EsrsXhtmlWriter.CANCELLED).value()).isEqualByComparingTo(json.get("cancelledTonnes").decimalValue());
        assertThat(facts.get(EsrsXhtmlWriter.REMOVAL_SHARE).value().movePointRight(2))
                .isEqualByComparingTo(json.get("removalSharePercent").decimalValue());
        assertThat(xhtml.text()).contains("260", "none in the taxonomy (not tagged)");
    }

    @Test
    void badInputIsAProblemAsForTheE17Report() {
        Http.Response format = reporting.get("/api/reports/esrs-2026?year=2024&format=xlsx", null);
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.contentType()).isEqualTo("application/problem+json");
        assertThat(format.json().get("detail").asText()).contains("csv, json, pdf, xhtml", "xlsx");
        assertThat(reporting.get("/api/reports/esrs-2026?year=20x6", null).json().get("detail").asText())
                .contains("year must be a number");
        assertThat(reporting.get("/api/reports/esrs-2026?year=" + year + "&account=" + CORP, null).status()).isEqualTo(401);
    }
}
