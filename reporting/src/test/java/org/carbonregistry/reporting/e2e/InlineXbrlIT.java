package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.esrs.EsrsXhtmlWriter;
import org.carbonregistry.reporting.testing.InlineXbrlDocument;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code format=xhtml} of the ESRS E1-7 report over HTTP, parsed back: every fact equals the JSON report's figure,
 * has a context and a unit that exist, is named as in the EFRAG taxonomy; every annex row links its proof.
 */
class InlineXbrlIT extends StandInReporting {

    private static final String ACCOUNT = "xbrl-corp";
    private static boolean published;

    /** JSON field of each tagged E1-7 element: the fact must carry exactly that figure. */
    /** Each tagged concept and the JSON Pointer of the same figure in the JSON report. */
    static final Map<String, String> JSON_FIELD = Map.of(
            EsrsXhtmlWriter.CANCELLED, "/totalRetiredTonnes",
            EsrsXhtmlWriter.PLANNED, "/plannedRetirements/totalTonnes",
            EsrsXhtmlWriter.REMOVAL_SHARE, "/removalShare",
            EsrsXhtmlWriter.REDUCTION_SHARE, "/reductionShare",
            EsrsXhtmlWriter.EU_SHARE, "/insideEuShare",
            EsrsXhtmlWriter.ADJUSTED_SHARE, "/correspondingAdjustmentShare");

    @BeforeEach
    void publishOnce() {
        if (published) {
            return;
        }
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(ACCOUNT, AccountType.CORPORATE, "DE"),
                HISTORY.registerProject("xbrl-peat", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Peatland", ACCOUNT),
                HISTORY.registerProject("xbrl-stoves", Standard.GS, "BR", ProjectCategory.REDUCTION,
                        null, "Cookstoves", ACCOUNT),
                HISTORY.issue("xbrl-b1", "xbrl-peat", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2023, 100, ACCOUNT, false),
                HISTORY.issue("xbrl-b2", "xbrl-stoves", Standard.GS, "BR", ProjectCategory.REDUCTION,
                        null, 2023, 100, ACCOUNT, true),
                HISTORY.retire("xbrl-b1", "xbrl-r1", ACCOUNT, 30, "Corp <GmbH> & Co", 2024),
                HISTORY.retire("xbrl-b1", "xbrl-r2", ACCOUNT, 10, "Corp GmbH", 2024),
                HISTORY.retire("xbrl-b2", "xbrl-r3", ACCOUNT, 60, "Corp GmbH", 2024)));
        producer().send(PERSONAL_DATA, HISTORY.personalDataRecord("xbrl-r1"));
        published = true;
        await("reporting has the retirements and the beneficiary").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/xbrl-r3", null).status() == 200
                        && reporting.get("/api/retirements/xbrl-r1", null).json().path("beneficiary").isTextual());
    }

    @Test
    void everyFactEqualsTheJsonReportAndHasAContextAndUnitAndATaxonomyName() {
        String path = "/api/reports/esrs-e1-7?account=" + ACCOUNT + "&year=2024&format=";
        JsonNode json = reporting.get(path + "json", ADMIN_KEY).require(200).json();
        var response = reporting.get(path + "xhtml", ADMIN_KEY).require(200);
        assertThat(response.contentType()).startsWith("application/xhtml+xml");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("esrs-e1-7-" + ACCOUNT + "-2024.xhtml");
        InlineXbrlDocument xhtml = new InlineXbrlDocument(response.body());

        Map<String, InlineXbrlDocument.Fact> facts = xhtml.checkedFacts();
        assertThat(facts.keySet()).containsExactlyInAnyOrderElementsOf(JSON_FIELD.keySet());
        facts.forEach((concept, fact) -> assertThat(fact.value())
                .as(concept).isEqualByComparingTo(json.at(JSON_FIELD.get(concept)).decimalValue()));
        // and the JSON figures are those of what was retired: 100 t, 40 removals from Ireland, 60 adjusted
        assertThat(facts.get(EsrsXhtmlWriter.CANCELLED).value()).isEqualByComparingTo("100");
        assertThat(facts.get(EsrsXhtmlWriter.CANCELLED).unitRef()).isEqualTo("tCO2e");
        assertThat(facts.get(EsrsXhtmlWriter.CANCELLED).decimals()).isZero();
        assertThat(facts.get(EsrsXhtmlWriter.REMOVAL_SHARE).value()).isEqualByComparingTo("0.4");
        assertThat(facts.get(EsrsXhtmlWriter.REMOVAL_SHARE).shown()).isEqualTo("40.00");
        assertThat(facts.get(EsrsXhtmlWriter.REMOVAL_SHARE).scale()).isEqualTo(-2);
        assertThat(facts.get(EsrsXhtmlWriter.REMOVAL_SHARE).unitRef()).isEqualTo("pure");
        assertThat(facts.get(EsrsXhtmlWriter.EU_SHARE).value()).isEqualByComparingTo("0.4");
        assertThat(facts.get(EsrsXhtmlWriter.ADJUSTED_SHARE).value()).isEqualByComparingTo("0.6");

        // the CSV states the same shares
        try (com.fasterxml.jackson.databind.MappingIterator<Map<String, String>> rows = new com.fasterxml.jackson.dataformat.csv.CsvMapper()
                .readerFor(Map.class).with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
                .readValues(reporting.get(path + "csv", ADMIN_KEY).require(200).body())) {
            Map<String, String> summary = new HashMap<>();
            rows.readAll().stream().filter(row -> row.get("record").equals("summary") && row.get("key") != null)
                    .forEach(row -> summary.putIfAbsent(row.get("metric"), row.get("key")));
            for (String field : List.of("removalShare", "reductionShare", "insideEuShare", "correspondingAdjustmentShare")) {
                assertThat(new java.math.BigDecimal(summary.get(field))).as(field)
                        .isEqualByComparingTo(json.get(field).decimalValue());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(xhtml.contexts()).containsExactly(Map.entry("FY2024",
                List.of("urn:carbon-registry:account", ACCOUNT, "2024-01-01", "2024-12-31")));
        assertThat(xhtml.units()).containsEntry("tCO2e", "utr:tCO2e").containsEntry("pure", "xbrli:pure");
        assertThat(xhtml.nonNumericFacts()).extracting(e -> e.getAttribute("name"))
                .containsExactly("esrs:" + EsrsXhtmlWriter.SEPARATE_FROM_EMISSIONS);
    }

    @Test
    void everyRetirementRowLinksItsProofAsTheJsonDoes() {
        String path = "/api/reports/esrs-e1-7?account=" + ACCOUNT + "&year=2024&format=";
        JsonNode json = reporting.get(path + "json", ADMIN_KEY).require(200).json();
        InlineXbrlDocument xhtml = new InlineXbrlDocument(reporting.get(path + "xhtml", ADMIN_KEY).require(200).body());

        Map<String, String> proofs = new HashMap<>();
        for (Element row : InlineXbrlDocument.elements(xhtml.document(), InlineXbrlDocument.XHTML, "tr")) {
            if ("retirement".equals(row.getAttribute("class"))) {
                Element link = InlineXbrlDocument.elements(row, InlineXbrlDocument.XHTML, "a").get(0);
                proofs.put(row.getAttribute("id").substring(2), link.getAttribute("href"));
            }
        }
        assertThat(proofs).hasSize(json.get("retirements").size()).hasSize(3);
        for (JsonNode retirement : json.get("retirements")) {
            assertThat(proofs.get(retirement.get("retirementId").asText()))
                    .isEqualTo(retirement.get("inclusionProofUrl").asText());
        }
        // a beneficiary that looks like markup stays text
        String text = new String(reporting.get(path + "xhtml", ADMIN_KEY).body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("Corp &lt;GmbH&gt; &amp; Co").doesNotContain("Corp <GmbH>");
    }

    @Test
    void theRegistryWideReportIsPublicWithoutItsAnnexAndNamesTheRegistryAsEntity() {
        InlineXbrlDocument xhtml = new InlineXbrlDocument(
                reporting.get("/api/reports/esrs-e1-7?year=2024&format=xhtml", null).require(200).body());
        JsonNode json = reporting.get("/api/reports/esrs-e1-7?year=2024&format=json", null).require(200).json();

        xhtml.checkedFacts().forEach((concept, fact) -> assertThat(fact.value())
                .as(concept).isEqualByComparingTo(json.at(JSON_FIELD.get(concept)).decimalValue()));
        assertThat(xhtml.contexts().get("FY2024")).startsWith("urn:carbon-registry:registry", "all-accounts");
        assertThat(InlineXbrlDocument.elements(xhtml.document(), InlineXbrlDocument.XHTML, "tr"))
                .noneMatch(row -> "retirement".equals(row.getAttribute("class")));
    }
}
