package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A retirement from a batch invalidated after it was made: still retired and counted, but flagged in every report
 * (ESRS E1-7 JSON, CSV, PDF and XHTML, the account's retirement list), on its certificate and in its serials' history,
 * so the retiring company sees which claims need replacing. A retirement from a valid batch is not flagged.
 */
class InvalidatedRetirementsIT extends StandInReporting {

    private static final String ACCOUNT = "corp-invalidated";
    private static final String OTHER = "corp-invalidated-other";
    private static final String VOID_BATCH = "batch-invalidated";
    private static final String VALID_BATCH = "batch-still-valid";
    private static final String REASON = "project verification withdrawn";
    private static String invalidationEventId;
    private static String accountKey;

    @BeforeEach
    void sceneOnce() {
        if (invalidationEventId != null) {
            return;
        }
        ConsumedRecord invalidation;
        List<ConsumedRecord> history = new java.util.ArrayList<>(List.of(
                HISTORY.openAccount(ACCOUNT, AccountType.CORPORATE, "NL"),
                HISTORY.openAccount(OTHER, AccountType.CORPORATE, "FR"),
                HISTORY.registerProject("project-invalidated", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Forestry", ACCOUNT),
                HISTORY.issue(VOID_BATCH, "project-invalidated", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2023, 100, ACCOUNT, false),
                HISTORY.issue(VALID_BATCH, "project-invalidated", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2023, 50, ACCOUNT, false),
                HISTORY.retire(VOID_BATCH, "retire-void", ACCOUNT, 30, "Holder BV", 2024),
                HISTORY.retire(VALID_BATCH, "retire-valid", ACCOUNT, 20, "Holder BV", 2024),
                HISTORY.transfer(VOID_BATCH, ACCOUNT, OTHER, 10),
                HISTORY.claim("claim-void", ACCOUNT, 2024, "retire-void"),
                HISTORY.claim("claim-valid", ACCOUNT, 2024, "retire-valid")));
        invalidation = HISTORY.invalidate(VOID_BATCH, REASON);
        history.add(invalidation);
        producer().sendAll(EVENTS, history);
        invalidationEventId = EventEnvelope.fromCanonicalBytes(invalidation.value()).eventId().toString();
        accountKey = REGISTRY.key(ACCOUNT, "ACCOUNT_HOLDER");
        await("reporting has the invalidation and the claims").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/retire-void", null).json().path("invalidated").asBoolean()
                        && reporting.get("/api/claims/claim-void", null).status() == 200
                        && reporting.get("/api/claims/claim-valid", null).status() == 200);
    }

    private String report(String format) {
        return "/api/reports/esrs-e1-7?year=2024&account=" + ACCOUNT + "&format=" + format;
    }

    @Test
    void theEsrsJsonKeepsTheTonnesAndFlagsTheRetirementThatNeedsReplacing() {
        JsonNode report = reporting.get(report("json"), accountKey).require(200).json();

        assertThat(report.path("totalRetiredTonnes").asLong()).as("still retired").isEqualTo(50);
        assertThat(report.path("invalidatedTonnes").asLong()).isEqualTo(30);
        JsonNode flagged = retirement(report.path("retirements"), "retire-void");
        assertThat(flagged.path("invalidated").asBoolean()).isTrue();
        assertThat(flagged.at("/invalidation/eventId").asText()).isEqualTo(invalidationEventId);
        assertThat(flagged.at("/invalidation/reason").asText()).isEqualTo(REASON);
        assertThat(flagged.at("/invalidation/replacement").asText()).contains("needs replacing");
        assertThat(flagged.at("/invalidation/inclusionProofUrl").asText()).contains(invalidationEventId);
        JsonNode valid = retirement(report.path("retirements"), "retire-valid");
        assertThat(valid.path("invalidated").asBoolean()).isFalse();
        assertThat(valid.path("invalidation").isNull()).isTrue();
    }

    @Test
    void theEsrsCsvNamesTheInvalidationOnTheRetirementRow() throws Exception {
        Http.Response response = reporting.get(report("csv"), accountKey).require(200);
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> iterator = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(response.body())) {
            rows = iterator.readAll();
        }

        assertThat(rows).filteredOn(r -> "summary".equals(r.get("record")) && "invalidatedTonnes".equals(r.get("metric")))
                .singleElement().satisfies(r -> assertThat(r.get("tonnes")).isEqualTo("30"));
        assertThat(rows).filteredOn(r -> "retire-void".equals(r.get("retirementId")) && "retirement".equals(r.get("record")))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("invalidated")).isEqualTo("true");
                    assertThat(r.get("invalidationEventId")).isEqualTo(invalidationEventId);
                    assertThat(r.get("invalidationReason")).isEqualTo(REASON);
                });
        assertThat(rows).filteredOn(r -> "retire-valid".equals(r.get("retirementId")) && "retirement".equals(r.get("record")))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("invalidated")).isEqualTo("false");
                    assertThat(r.get("invalidationEventId")).isEmpty();
                });
    }

    @Test
    void theEsrsPdfAndXhtmlSayWhichRetirementIsFromAnInvalidatedBatch() throws Exception {
        String pdf = Pdfs.text(reporting.get(report("pdf"), accountKey).require(200).body()).replaceAll("\\s+", " ");
        assertThat(pdf).contains("From invalidated batches 30 t", "INVALIDATED BATCH: " + REASON, invalidationEventId);

        String xhtml = reporting.get(report("xhtml"), accountKey).require(200).text();
        assertThat(xhtml).contains("class=\"retirement invalidated\" id=\"r-retire-void\"",
                "class=\"retirement\" id=\"r-retire-valid\"", "INVALIDATED (" + REASON + ")");
    }

    @Test
    void theAccountsRetirementListAndTheCertificateSayTheClaimNeedsReplacing() throws Exception {
        JsonNode list = reporting.get("/api/retirements?account=" + ACCOUNT, accountKey).require(200).json();
        assertThat(retirement(list.path("retirements"), "retire-void").path("invalidated").asBoolean()).isTrue();
        assertThat(retirement(list.path("retirements"), "retire-valid").path("invalidated").asBoolean()).isFalse();

        JsonNode detail = reporting.get("/api/retirements/retire-void", null).require(200).json();
        assertThat(detail.path("quantity").asLong()).isEqualTo(30);
        assertThat(detail.at("/invalidation/eventId").asText()).isEqualTo(invalidationEventId);

        String certificate = Pdfs.text(reporting.get("/api/retirements/retire-void/certificate.pdf", null).require(200)
                .body()).replaceAll("\\s+", " ");
        assertThat(certificate).contains("INVALIDATED BATCH: this retirement needs replacing", REASON,
                invalidationEventId);
        assertThat(Pdfs.text(reporting.get("/api/retirements/retire-valid/certificate.pdf", null).require(200).body()))
                .doesNotContain("INVALIDATED");
    }

    @Test
    void aClaimRestingOnARetirementFromTheInvalidatedBatchNeedsReplacing() throws Exception {
        JsonNode claim = reporting.get("/api/claims/claim-void", null).require(200).json();
        assertThat(claim.path("needsReplacing").asBoolean()).isTrue();
        assertThat(claim.at("/retirements/0/invalidated").asBoolean()).isTrue();
        assertThat(claim.at("/retirements/0/invalidationEventId").asText()).isEqualTo(invalidationEventId);
        JsonNode standing = reporting.get("/api/claims/claim-valid", null).require(200).json();
        assertThat(standing.path("needsReplacing").asBoolean()).isFalse();
        assertThat(standing.at("/retirements/0/invalidated").asBoolean()).isFalse();

        JsonNode report = reporting.get(report("json"), accountKey).require(200).json();
        assertThat(report.path("claims")).filteredOn(c -> c.path("claimId").asText().equals("claim-void"))
                .singleElement().satisfies(c -> assertThat(c.path("needsReplacing").asBoolean()).isTrue());
        String pdf = Pdfs.text(reporting.get(report("pdf"), accountKey).require(200).body()).replaceAll("\\s+", " ");
        assertThat(pdf).contains("NEEDS REPLACING: it rests on retirements from an invalidated batch");
    }

    @Test
    void aRetiredSerialStaysRetiredAndFlaggedAHeldOneIsInvalidated() {
        JsonNode retired = reporting.get("/api/retirements/retire-void", null).json();
        String label = retired.at("/serialBlocks/0/serials").asText();
        String firstRetired = label.substring(0, label.lastIndexOf('-'));
        JsonNode retiredSerial = reporting.get("/api/serials/" + firstRetired, null).require(200).json();
        assertThat(retiredSerial.path("status").asText()).isEqualTo("RETIRED");
        assertThat(retiredSerial.path("invalidated").asBoolean()).isTrue();
        assertThat(retiredSerial.path("invalidationEventId").asText()).isEqualTo(invalidationEventId);

        long lastRetired = retired.at("/serialBlocks/0/last").asLong();
        JsonNode heldSerial = reporting.get("/api/serials/" + (lastRetired + 1), ADMIN_KEY).require(200).json();
        assertThat(heldSerial.path("status").asText()).isEqualTo("INVALIDATED");
        assertThat(heldSerial.path("holder").isNull()).isTrue();
        JsonNode last = heldSerial.path("history").get(heldSerial.path("history").size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("BatchInvalidated");
        assertThat(last.path("eventId").asText()).isEqualTo(invalidationEventId);
        assertThat(last.path("from").asText()).as("transferred to the other account, then invalidated").isEqualTo(OTHER);

        JsonNode validRetirement = reporting.get("/api/retirements/retire-valid", null).json();
        String validLabel = validRetirement.at("/serialBlocks/0/serials").asText();
        JsonNode validSerial = reporting.get("/api/serials/" + validLabel.substring(0, validLabel.lastIndexOf('-')), null)
                .require(200).json();
        assertThat(validSerial.path("invalidated").asBoolean()).isFalse();
    }

    private static JsonNode retirement(JsonNode retirements, String retirementId) {
        for (JsonNode retirement : retirements) {
            if (retirement.path("retirementId").asText().equals(retirementId)) {
                return retirement;
            }
        }
        throw new AssertionError("no retirement " + retirementId + " in " + retirements);
    }
}
