package org.carbonregistry.reporting.esrs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.carbonregistry.reporting.claim.ClaimJson;
import org.carbonregistry.reporting.claim.ClaimView;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.plan.PlannedRetirements;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.projection.SourcePositionJson;
import org.carbonregistry.reporting.retirement.RetirementJson;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * The report as JSON, written as it is read: the summary first, then each annex row straight from the cursor.
 * Deterministic: the same projection gives the same bytes (maps are sorted, nothing depends on the clock).
 */
public class EsrsJsonWriter {

    private static final JsonFactory JSON = new JsonFactory();

    private final LedgerClient ledger;

    public EsrsJsonWriter(LedgerClient ledger) {
        this.ledger = ledger;
    }

    public void write(EsrsReport report, AnnexRows annex, OutputStream out) throws IOException {
        EsrsSummary summary = report.summary();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            header(json, "ESRS E1-7", EsrsReport.TITLE, report.accountId(), report.reportingYear(), report.asOf(),
                    report.source());
            json.writeNumberField("totalRetiredTonnes", summary.totalRetiredTonnes());
            json.writeNumberField("retirementCount", summary.retirementCount());
            json.writeNumberField("removalTonnes", summary.removalTonnes());
            json.writeNumberField("reductionTonnes", summary.reductionTonnes());
            json.writeNumberField("biogenicRemovalTonnes", summary.biogenicRemovalTonnes());
            json.writeNumberField("technologicalRemovalTonnes", summary.technologicalRemovalTonnes());
            json.writeNumberField("unclassifiedTonnes", summary.unclassifiedTonnes());
            json.writeNumberField("insideEuTonnes", summary.insideEuTonnes());
            json.writeNumberField("outsideEuTonnes", summary.outsideEuTonnes());
            json.writeNumberField("correspondingAdjustmentTonnes", summary.correspondingAdjustmentTonnes());
            json.writeNumberField("invalidatedTonnes", summary.invalidatedTonnes());
            json.writeNumberField("correspondingAdjustmentShare", summary.correspondingAdjustmentShare());
            json.writeNumberField("removalShare", summary.removalShare());
            json.writeNumberField("reductionShare", summary.reductionShare());
            json.writeNumberField("insideEuShare", summary.insideEuShare());
            writeMap(json, "byStandard", summary.byStandard());
            writeMap(json, "byVintage", summary.byVintage());
            writeMap(json, "byProjectType", summary.byProjectType());
            writeMap(json, "byCountry", summary.byCountry());
            writeMap(json, "byLabel", summary.byLabel());
            writePlanned(json, report.planned());
            if (!report.annexIncluded()) {
                json.writeStringField("annex", EsrsReport.ANNEX_OMITTED);
                json.writeEndObject();
                return;
            }
            json.writeStringField("annex", "included");
            json.writeArrayFieldStart("claims");
            for (ClaimView claim : report.claims()) {
                json.writeStartObject();
                ClaimJson.writeFields(json, claim, ledger);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("retirements");
            annex.forEach(view -> {
                try {
                    json.writeStartObject();
                    RetirementJson.writeFields(json, view, ledger);
                    json.writeBooleanField("insideEu", EuMemberStates.contains(view.projectCountry()));
                    json.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** The fields every ESRS report opens with: what it is, what it covers, how far it reaches. */
    static void header(JsonGenerator json, String name, String title, String accountId, int reportingYear,
                       Instant asOf, SourcePosition source) throws IOException {
        json.writeStringField("report", name);
        json.writeStringField("title", title);
        json.writeStringField("scope", accountId == null ? "registry" : "account");
        json.writeStringField("account", accountId);
        json.writeNumberField("reportingYear", reportingYear);
        SourcePositionJson.writeInstant(json, "asOf", asOf);
        json.writeStringField("unit", "tCO2e");
        json.writeStringField("statement", EsrsReport.STATEMENT);
        SourcePositionJson.write(json, "source", source);
    }

    private void writePlanned(JsonGenerator json, PlannedRetirements planned) throws IOException {
        json.writeObjectFieldStart("plannedRetirements");
        json.writeNumberField("totalTonnes", planned.totalTonnes());
        json.writeNumberField("basedOnExistingContractsTonnes", planned.basedOnExistingContractsTonnes());
        if (planned.plans() != null) {
            json.writeArrayFieldStart("plans");
            for (PlannedRetirements.Plan plan : planned.plans()) {
                json.writeStartObject();
                json.writeStringField("planId", plan.planId());
                json.writeStringField("account", plan.accountId());
                json.writeNumberField("quantity", plan.quantity());
                json.writeNumberField("plannedYear", plan.plannedYear());
                json.writeBooleanField("basedOnExistingContracts", plan.basedOnExistingContracts());
                json.writeStringField("eventId", plan.eventId().toString());
                SourcePositionJson.writeInstant(json, "plannedAt", plan.plannedAt());
                json.writeStringField("inclusionProofUrl", ledger.proofUrlText(plan.eventId()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void writeMap(JsonGenerator json, String field, Map<String, Long> values) throws IOException {
        json.writeObjectFieldStart(field);
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }
}
