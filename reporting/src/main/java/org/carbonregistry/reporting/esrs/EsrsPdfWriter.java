package org.carbonregistry.reporting.esrs;

import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.claim.ClaimView;
import org.carbonregistry.reporting.pdf.PdfPages;
import org.carbonregistry.reporting.plan.PlannedRetirements;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.retirement.RetirementJson;
import org.carbonregistry.reporting.retirement.RetirementView;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report as PDF: a summary page (what it covers, the last event it includes, the totals and splits) and an annex
 * listing every retirement with its serials and event id. Pages are buffered in a temporary file, not in memory.
 */
public class EsrsPdfWriter {

    private static final float KEY_WIDTH = 190;

    public void write(EsrsReport report, AnnexRows annex, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("ESRS E1-7 " + report.scope() + " " + report.reportingYear());
            info.setProducer("carbon registry reporting");
            try (PdfPages pages = new PdfPages(document, PDRectangle.A4, 50,
                    "ESRS E1-7 - " + report.scope() + " - " + report.reportingYear())) {
                summary(pages, report);
                if (report.annexIncluded()) {
                    claims(pages, report);
                    annex(pages, report, annex);
                }
            }
            document.save(out);
        }
    }

    private static void summary(PdfPages pages, EsrsReport report) throws IOException {
        EsrsSummary summary = report.summary();
        heading(pages, "ESRS E1-7 carbon-credit disclosure", EsrsReport.TITLE, report.accountId(),
                report.reportingYear(), report.asOf());
        SourcePosition source = report.source();
        pages.keyValue("Last event included", source.lastEventId() == null ? "none"
                : source.lastEventId() + " at " + time(source.lastEventTime()), KEY_WIDTH, 10);
        pages.keyValue("Kafka offsets (" + source.topic() + ")", source.partitions().isEmpty() ? "none" : source.partitions().stream()
                .map(p -> "partition " + p.partition() + ": " + p.lastOffset())
                .collect(Collectors.joining(", ")), KEY_WIDTH, 10);
        pages.gap(6);
        pages.text(PdfPages.REGULAR, 9, EsrsReport.STATEMENT);
        pages.gap(10);
        pages.text(PdfPages.BOLD, 12, "Totals (tCO2e)");
        pages.keyValue("Total retired", tonnes(summary.totalRetiredTonnes()), KEY_WIDTH, 10);
        pages.keyValue("Retirements", String.valueOf(summary.retirementCount()), KEY_WIDTH, 10);
        pages.keyValue("Removals", tonnes(summary.removalTonnes()), KEY_WIDTH, 10);
        pages.keyValue("  biogenic sinks", tonnes(summary.biogenicRemovalTonnes()), KEY_WIDTH, 10);
        pages.keyValue("  technological sinks", tonnes(summary.technologicalRemovalTonnes()), KEY_WIDTH, 10);
        pages.keyValue("Reductions", tonnes(summary.reductionTonnes()), KEY_WIDTH, 10);
        if (summary.unclassifiedTonnes() > 0) {
            pages.keyValue("Unclassified (batch not projected)", tonnes(summary.unclassifiedTonnes()), KEY_WIDTH, 10);
        }
        pages.keyValue("Projects inside the EU", tonnes(summary.insideEuTonnes()), KEY_WIDTH, 10);
        pages.keyValue("Projects outside the EU", tonnes(summary.outsideEuTonnes()), KEY_WIDTH, 10);
        pages.keyValue("With corresponding adjustment", tonnes(summary.correspondingAdjustmentTonnes())
                + " (share " + summary.correspondingAdjustmentShare().toPlainString() + ")", KEY_WIDTH, 10);
        if (summary.invalidatedTonnes() > 0) {
            pages.keyValue("From invalidated batches", tonnes(summary.invalidatedTonnes())
                    + " (still retired; the claims resting on them need replacing, see the annex)", KEY_WIDTH, 10);
        }
        split(pages, "By standard", summary.byStandard());
        split(pages, "By vintage", summary.byVintage());
        split(pages, "By project type", summary.byProjectType());
        split(pages, "By project country", summary.byCountry());
        // a retirement from a batch with several labels counts under each, so this block may add up to more
        split(pages, "By label (a tonne counts under each label of its batch)", summary.byLabel());
        planned(pages, report);
        if (!report.annexIncluded()) {
            pages.gap(10);
            pages.text(PdfPages.REGULAR, 9, "Annex " + EsrsReport.ANNEX_OMITTED + ".");
        }
    }

    /** The first lines of every ESRS report's first page: what it is and what it covers. */
    static void heading(PdfPages pages, String heading, String title, String accountId, int reportingYear, Instant asOf)
            throws IOException {
        pages.newPage();
        pages.text(PdfPages.BOLD, 16, heading);
        pages.text(PdfPages.REGULAR, 10, title);
        pages.gap(8);
        pages.keyValue("Scope", accountId == null ? "registry-wide (all accounts)" : "account " + accountId, KEY_WIDTH, 10);
        pages.keyValue("Reporting year", String.valueOf(reportingYear), KEY_WIDTH, 10);
        pages.keyValue("As of", asOf == null ? "the projection as it stands (see last event)" : time(asOf), KEY_WIDTH, 10);
    }

    private static void planned(PdfPages pages, EsrsReport report) throws IOException {
        PlannedRetirements planned = report.planned();
        pages.gap(8);
        pages.text(PdfPages.BOLD, 11, "Planned to be retired after " + report.reportingYear() + " (not withdrawn)");
        pages.keyValue("Total planned", tonnes(planned.totalTonnes()), KEY_WIDTH, 10);
        pages.keyValue("  under existing contracts", tonnes(planned.basedOnExistingContractsTonnes()), KEY_WIDTH, 10);
        if (planned.plans() == null) {
            return;
        }
        for (PlannedRetirements.Plan plan : planned.plans()) {
            pages.keyValue("  " + plan.plannedYear() + (plan.basedOnExistingContracts() ? ", contracted" : ", not contracted"),
                    tonnes(plan.quantity()) + "   plan " + plan.planId() + "   event " + plan.eventId(), KEY_WIDTH, 9);
        }
    }

    private static void claims(PdfPages pages, EsrsReport report) throws IOException {
        pages.newPage();
        pages.text(PdfPages.BOLD, 13, "Claims for " + report.reportingYear() + " (" + report.claims().size() + ")");
        pages.text(PdfPages.REGULAR, 8, "Each claim and each retirement behind it names its event id, to be proven against"
                + " the ledger. A retirement backs at most one claim.");
        for (ClaimView claim : report.claims()) {
            pages.ensureSpace(40);
            pages.gap(4);
            pages.text(PdfPages.BOLD, 9, claim.type() + "   " + claim.periodStart() + " to " + claim.periodEnd() + "   "
                    + tonnes(claim.tonnes()) + "   account " + claim.accountId());
            pages.textIndented(10, PdfPages.MONO, 7, "claim " + claim.claimId() + "   event " + claim.eventId());
            if (claim.needsReplacing()) {
                pages.textIndented(10, PdfPages.BOLD, 8, "NEEDS REPLACING: it rests on retirements from an invalidated batch");
            }
            for (ClaimView.Retirement retirement : claim.retirements()) {
                pages.textIndented(10, PdfPages.MONO, 7, "retirement " + retirement.retirementId() + "   "
                        + tonnes(retirement.quantity()) + "   event " + retirement.eventId()
                        + (retirement.invalidated() ? "   INVALIDATED BATCH (event " + retirement.invalidationEventId() + ")" : ""));
            }
        }
    }

    private static void split(PdfPages pages, String title, Map<String, Long> values) throws IOException {
        pages.gap(8);
        pages.text(PdfPages.BOLD, 11, title);
        if (values.isEmpty()) {
            pages.keyValue("", "none", KEY_WIDTH, 10);
        }
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            pages.keyValue(entry.getKey(), tonnes(entry.getValue()), KEY_WIDTH, 10);
        }
    }

    private static void annex(PdfPages pages, EsrsReport report, AnnexRows annex) throws IOException {
        pages.newPage(new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth()));
        pages.text(PdfPages.BOLD, 13, "Annex: every retirement in the report (" + report.summary().retirementCount() + ")");
        pages.text(PdfPages.REGULAR, 8, "Each retirement names its event id: fetch <ledger>/api/proofs/inclusion?eventId=<event id>"
                + " to prove it against the ledger.");
        pages.gap(4);
        annex.forEach(view -> {
            try {
                entry(pages, view);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void entry(PdfPages pages, RetirementView view) throws IOException {
        pages.ensureSpace(50);
        pages.gap(3);
        pages.text(PdfPages.BOLD, 8, time(view.retiredAt()) + "   " + tonnes(view.quantity()) + "   beneficiary: "
                + (view.erased() ? "[erased]" : orDash(view.beneficiary())) + "   purpose: "
                + (view.erased() ? "[erased]" : orDash(view.purpose())));
        pages.textIndented(10, PdfPages.REGULAR, 7, "project " + orDash(view.projectName()) + " (" + orDash(view.standard())
                + ", " + orDash(view.projectType()) + ", " + orDash(view.projectCountry()) + ", vintage " + view.vintage()
                + (Boolean.TRUE.equals(view.correspondingAdjustment()) ? ", corresponding adjustment" : "") + ")   batch "
                + view.batchId() + "   account " + view.accountId() + "   reporting year " + view.reportingYear());
        pages.textIndented(10, PdfPages.MONO, 7, "retirement " + view.retirementId() + "   event " + view.eventId());
        pages.textIndented(10, PdfPages.MONO, 7, "serials " + String.join(" ", view.serialLabels()));
        if (view.invalidated()) {
            pages.textIndented(10, PdfPages.BOLD, 7, "INVALIDATED BATCH: " + view.invalidation().reason()
                    + "   event " + view.invalidation().eventId() + ". " + RetirementJson.REPLACEMENT);
        }
    }

    private static String tonnes(long tonnes) {
        return tonnes + " t";
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : EventJson.INSTANT_FORMAT.format(instant);
    }
}
