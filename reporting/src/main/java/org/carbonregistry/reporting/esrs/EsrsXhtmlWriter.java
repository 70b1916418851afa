package org.carbonregistry.reporting.esrs;

import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.retirement.RetirementJson;
import org.carbonregistry.reporting.retirement.RetirementView;

import javax.xml.stream.XMLStreamException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The ESRS Set 1 E1-7 report as Inline XBRL: the carbon-credit datapoints of E1 paragraph 59 and AR 62 tagged with
 * the EFRAG ESRS 2023-12-22 element names, then the annex as a table in which every retirement links its inclusion
 * proof, as the other formats do.
 */
public class EsrsXhtmlWriter {

    /** ESRS E1 §59(a): tonnes verified against recognised quality standards and cancelled in the period. */
    public static final String CANCELLED =
            "AmountOfCarbonCreditsOutsideValueChainThatAreVerifiedAgainstRecognisedQualityStandardsAndCancelled";
    /** ESRS E1 §59(b): tonnes planned to be cancelled in the future (plans for later years, not withdrawn). */
    public static final String PLANNED = "AmountOfCarbonCreditsOutsideValueChainPlannedToBeCancelledInFuture";
    public static final String REMOVAL_SHARE = "PercentageOfCarbonCreditsCancelledFromRemovalProjects";
    public static final String REDUCTION_SHARE = "PercentageOfCarbonCreditsCancelledFromReductionProjects";
    public static final String EU_SHARE = "PercentageOfCarbonCreditsCancelledFromProjectsInEuropeanUnion";
    public static final String ADJUSTED_SHARE = "PercentageOfCarbonCreditsCancelledThatQualifiesAsCorrespondingAdjustment";
    /** Every report states this in words (EsrsReport.STATEMENT), so the boolean goes to ix:hidden. */
    public static final String SEPARATE_FROM_EMISSIONS = "CarbonCreditsAreUsedSeparatelyFromGHGEmissionsAndOrGHGEmissionReductionTargets";

    private final LedgerClient ledger;

    public EsrsXhtmlWriter(LedgerClient ledger) {
        this.ledger = ledger;
    }

    /** The tagged figures, in the standard's order. One line per datapoint (anything the report holds). */
    public static List<XbrlFact> facts(EsrsReport report) {
        EsrsSummary summary = report.summary();
        List<XbrlFact> facts = new ArrayList<>();
        facts.add(XbrlFact.tonnes(CANCELLED, "Carbon credits verified and cancelled (retired) in the reporting period", "E1 §59(a)", summary.totalRetiredTonnes()));
        facts.add(XbrlFact.tonnes(PLANNED, "Carbon credits planned to be cancelled (retired) in the future", "E1 §59(b)", report.planned().totalTonnes()));
        facts.add(XbrlFact.share(REDUCTION_SHARE, "Share from reduction projects", "E1 AR 62(a)", summary.reductionShare()));
        facts.add(XbrlFact.share(REMOVAL_SHARE, "Share from removal projects", "E1 AR 62(a)", summary.removalShare()));
        facts.add(XbrlFact.share(EU_SHARE, "Share from projects in the European Union", "E1 AR 62(d)", summary.insideEuShare()));
        facts.add(XbrlFact.share(ADJUSTED_SHARE, "Share that qualifies as corresponding adjustment", "E1 AR 62(e)", summary.correspondingAdjustmentShare()));
        return facts;
    }

    public void write(EsrsReport report, AnnexRows annex, OutputStream out) throws IOException {
        InlineXbrl.Heading heading = new InlineXbrl.Heading(EsrsReport.TITLE,
                report.accountId(), report.reportingYear(), report.asOf(), report.source(), EsrsReport.STATEMENT);
        InlineXbrl.write(out, heading, facts(report), List.of(SEPARATE_FROM_EMISSIONS),
                html -> annex(html, report, annex));
    }

    private void annex(InlineXbrl.Html html, EsrsReport report, AnnexRows annex) throws XMLStreamException {
        html.element("h2", "Annex: every retirement in the report (" + report.summary().retirementCount() + ")");
        if (!report.annexIncluded()) {
            html.element("p", "Annex " + EsrsReport.ANNEX_OMITTED + ".");
            return;
        }
        html.element("p", "Each retirement links its inclusion proof in the ledger; verify it with the verify tool.");
        html.start("table", "class", "annex");
        html.start("thead");
        html.start("tr");
        for (String column : List.of("Retired at", "t CO2e", "Beneficiary", "Purpose", "Project", "Standard",
                "Country", "Category", "Vintage", "Serials", "Retirement", "Event (proof)", "Batch")) {
            html.element("th", column);
        }
        html.end();
        html.end();
        html.start("tbody");
        try {
            annex.forEach(view -> {
                try {
                    row(html, view);
                } catch (XMLStreamException e) {
                    throw new IllegalStateException(e);
                }
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof XMLStreamException cause) {
                throw cause;
            }
            throw e;
        }
        html.end();
        html.end();
    }

    private void row(InlineXbrl.Html html, RetirementView view) throws XMLStreamException {
        html.start("tr", "class", view.invalidated() ? "retirement invalidated" : "retirement",
                "id", "r-" + view.retirementId());
        html.element("td", EventJson.INSTANT_FORMAT.format(view.retiredAt()));
        html.element("td", String.valueOf(view.quantity()), "class", "number");
        html.element("td", view.erased() ? "[erased]" : view.beneficiary());
        html.element("td", view.erased() ? "[erased]" : view.purpose());
        html.element("td", view.projectName());
        html.element("td", view.standard());
        html.element("td", view.projectCountry());
        html.element("td", view.category());
        html.element("td", view.vintage());
        html.start("td");
        for (String serials : view.serialLabels()) {
            html.element("code", serials + " ");
        }
        html.end();
        html.element("td", view.retirementId());
        html.start("td");
        html.element("a", view.eventId().toString(), "href", ledger.proofUrlText(view.eventId()), "class", "proof");
        html.end();
        html.element("td", view.invalidated() ? "INVALIDATED (" + view.invalidation().reason() + "): "
                + RetirementJson.REPLACEMENT : "valid");
        html.end();
    }
}
