package org.carbonregistry.reporting.esrs;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.access.SpreadsheetSafe;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.claim.ClaimView;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.plan.PlannedRetirements;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.retirement.RetirementView;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report as one CSV table, written as it is read. The {@code record} column says what a row is:
 * {@code report} (what the report covers), {@code source} (the last offset per partition), {@code summary} (a total
 * or one key of a split: {@code metric}, {@code key}, {@code tonnes}), {@code plan} (a retirement planned after the
 * reporting year: {@code plannedYear}, {@code basedOnExistingContracts}), {@code claim} and {@code claimRetirement}
 * (a claim and each retirement behind it, with its tonnes) or {@code retirement} (one annex row, with its event id so
 * that it can be proven against the ledger). {@code invalidated} marks a retirement from a batch invalidated since, and
 * a claim resting on one (it needs replacing).
 *
 * <p>Every text cell goes through {@link SpreadsheetSafe}: a beneficiary such as {@code =HYPERLINK(...)} is a
 * string in the file, never a formula in the spreadsheet that opens it. An erased beneficiary is an empty cell with
 * {@code erased} true.
 */
public class EsrsCsvWriter {

    public static final List<String> COLUMNS = List.of("record", "metric", "key", "tonnes", "retirementId", "eventId",
            "batchId", "quantity", "serialBlocks", "beneficiary", "purpose", "erased", "reportingYear", "retiredAt", "account",
            "jurisdiction", "projectId", "projectName", "projectType", "standard", "projectCountry", "insideEu",
            "category", "removalSink", "vintage", "correspondingAdjustment", "kafkaPartition", "kafkaOffset",
            "leafHash", "inclusionProofUrl", "plannedYear", "basedOnExistingContracts", "claimId", "claimType",
            "periodStart", "periodEnd", "invalidated", "invalidationEventId", "invalidationReason");

    private static final CsvMapper CSV = SpreadsheetSafe.mapper();
    private static final CsvSchema SCHEMA;

    static {
        CsvSchema.Builder schema = CsvSchema.builder();
        COLUMNS.forEach(schema::addColumn);
        SCHEMA = schema.setUseHeader(true).build();
    }

    private final LedgerClient ledger;

    public EsrsCsvWriter(LedgerClient ledger) {
        this.ledger = ledger;
    }

    public void write(EsrsReport report, AnnexRows annex, OutputStream out) throws IOException {
        EsrsSummary summary = report.summary();
        try (SequenceWriter rows = CSV.writerFor(Map.class).with(SCHEMA).writeValues(out)) {
            rows.write(row("report", "title", EsrsReport.TITLE));
            rows.write(row("report", "scope", report.scope()));
            rows.write(row("report", "reportingYear", String.valueOf(report.reportingYear())));
            rows.write(row("report", "asOf", time(report.asOf())));
            rows.write(row("report", "unit", "tCO2e"));
            rows.write(row("report", "statement", EsrsReport.STATEMENT));
            SourcePosition source = report.source();
            rows.write(row("report", "lastEventId", source.lastEventId() == null ? null : source.lastEventId().toString()));
            rows.write(row("report", "lastEventTime", time(source.lastEventTime())));
            for (SourcePosition.PartitionPosition partition : source.partitions()) {
                Map<String, Object> row = row("source", "partition", String.valueOf(partition.partition()));
                row.put("kafkaPartition", partition.partition());
                row.put("kafkaOffset", partition.lastOffset());
                row.put("retiredAt", time(partition.lastEventTime()));
                rows.write(row);
            }
            rows.write(total("totalRetiredTonnes", summary.totalRetiredTonnes()));
            Map<String, Object> count = row("summary", "retirementCount", null);
            count.put("quantity", summary.retirementCount());
            rows.write(count);
            rows.write(total("removalTonnes", summary.removalTonnes()));
            rows.write(total("reductionTonnes", summary.reductionTonnes()));
            rows.write(total("biogenicRemovalTonnes", summary.biogenicRemovalTonnes()));
            rows.write(total("technologicalRemovalTonnes", summary.technologicalRemovalTonnes()));
            rows.write(total("unclassifiedTonnes", summary.unclassifiedTonnes()));
            rows.write(total("insideEuTonnes", summary.insideEuTonnes()));
            rows.write(total("outsideEuTonnes", summary.outsideEuTonnes()));
            rows.write(total("correspondingAdjustmentTonnes", summary.correspondingAdjustmentTonnes()));
            rows.write(total("invalidatedTonnes", summary.invalidatedTonnes()));
            rows.write(row("summary", "correspondingAdjustmentShare", summary.correspondingAdjustmentShare().toPlainString()));
            rows.write(row("summary", "removalShare", summary.removalShare().toPlainString()));
            rows.write(row("summary", "reductionShare", summary.reductionShare().toPlainString()));
            rows.write(row("summary", "insideEuShare", summary.insideEuShare().toPlainString()));
            split(rows, "byStandard", summary.byStandard());
            split(rows, "byVintage", summary.byVintage());
            split(rows, "byProjectType", summary.byProjectType());
            split(rows, "byCountry", summary.byCountry());
            split(rows, "byLabel", summary.byLabel());
            PlannedRetirements planned = report.planned();
            rows.write(total("plannedRetirementTonnes", planned.totalTonnes()));
            rows.write(total("plannedRetirementBasedOnExistingContractsTonnes", planned.basedOnExistingContractsTonnes()));
            for (PlannedRetirements.Plan plan : planned.plans() == null ? List.<PlannedRetirements.Plan>of() : planned.plans()) {
                rows.write(plan(plan));
            }
            rows.write(row("report", "annex", report.annexIncluded() ? "included" : EsrsReport.ANNEX_OMITTED));
            if (report.annexIncluded()) {
                for (ClaimView claim : report.claims()) {
                    writeClaim(rows, claim);
                }
                annex.forEach(view -> {
                    try {
                        rows.write(retirement(view));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    private Map<String, Object> plan(PlannedRetirements.Plan plan) {
        Map<String, Object> row = row("plan", "plannedRetirement", plan.planId());
        row.put("tonnes", plan.quantity());
        row.put("quantity", plan.quantity());
        row.put("eventId", plan.eventId().toString());
        row.put("account", plan.accountId());
        row.put("plannedYear", plan.plannedYear());
        row.put("basedOnExistingContracts", plan.basedOnExistingContracts());
        row.put("inclusionProofUrl", ledger.proofUrlText(plan.eventId()));
        return row;
    }

    private void writeClaim(SequenceWriter rows, ClaimView claim) throws IOException {
        Map<String, Object> row = row("claim", "claim", claim.claimId());
        row.put("tonnes", claim.tonnes());
        row.put("eventId", claim.eventId().toString());
        row.put("account", claim.accountId());
        row.put("leafHash", claim.leafHash());
        row.put("inclusionProofUrl", ledger.proofUrlText(claim.eventId()));
        row.put("claimId", claim.claimId());
        row.put("claimType", claim.type());
        row.put("periodStart", claim.periodStart().toString());
        row.put("periodEnd", claim.periodEnd().toString());
        row.put("invalidated", claim.needsReplacing());
        rows.write(row);
        for (ClaimView.Retirement retirement : claim.retirements()) {
            Map<String, Object> backing = row("claimRetirement", "claimRetirement", retirement.retirementId());
            backing.put("tonnes", retirement.quantity());
            backing.put("retirementId", retirement.retirementId());
            backing.put("eventId", retirement.eventId() == null ? null : retirement.eventId().toString());
            backing.put("batchId", retirement.batchId());
            backing.put("quantity", retirement.quantity());
            backing.put("account", claim.accountId());
            backing.put("inclusionProofUrl", retirement.eventId() == null ? null : ledger.proofUrlText(retirement.eventId()));
            backing.put("claimId", claim.claimId());
            backing.put("invalidated", retirement.invalidated());
            if (retirement.invalidated()) {
                backing.put("invalidationEventId", retirement.invalidationEventId().toString());
            }
            rows.write(backing);
        }
    }

    private Map<String, Object> retirement(RetirementView view) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record", "retirement");
        row.put("tonnes", view.quantity());
        row.put("retirementId", view.retirementId());
        row.put("eventId", view.eventId().toString());
        row.put("batchId", view.batchId());
        row.put("quantity", view.quantity());
        row.put("serialBlocks", String.join(" ", view.serialLabels()));
        row.put("beneficiary", view.beneficiary());
        row.put("purpose", view.purpose());
        row.put("erased", view.erased());
        row.put("reportingYear", view.reportingYear());
        row.put("retiredAt", time(view.retiredAt()));
        row.put("account", view.accountId());
        row.put("jurisdiction", view.jurisdiction());
        row.put("projectId", view.projectId());
        row.put("projectName", view.projectName());
        row.put("projectType", view.projectType());
        row.put("standard", view.standard());
        row.put("projectCountry", view.projectCountry());
        row.put("insideEu", EuMemberStates.contains(view.projectCountry()));
        row.put("category", view.category());
        row.put("removalSink", view.removalSink());
        row.put("vintage", view.vintage());
        row.put("correspondingAdjustment", view.correspondingAdjustment());
        row.put("kafkaPartition", view.kafkaPartition());
        row.put("kafkaOffset", view.kafkaOffset());
        row.put("leafHash", view.leafHash());
        row.put("inclusionProofUrl", ledger.proofUrlText(view.eventId()));
        row.put("invalidated", view.invalidated());
        if (view.invalidated()) {
            row.put("invalidationEventId", view.invalidation().eventId().toString());
            row.put("invalidationReason", view.invalidation().reason());
        }
        return row;
    }

    private static void split(SequenceWriter rows, String metric, Map<String, Long> values) throws IOException {
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            Map<String, Object> row = row("summary", metric, entry.getKey());
            row.put("tonnes", entry.getValue());
            rows.write(row);
        }
    }

    private static Map<String, Object> total(String metric, long tonnes) {
        Map<String, Object> row = row("summary", metric, null);
        row.put("tonnes", tonnes);
        return row;
    }

    private static Map<String, Object> row(String record, String metric, String key) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record", record);
        row.put("metric", metric);
        row.put("key", key);
        return row;
    }

    private static String time(Instant instant) {
        return instant == null ? null : EventJson.INSTANT_FORMAT.format(instant);
    }
}
