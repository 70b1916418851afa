package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.projection.SourcePosition;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The carbon-credit datapoints of the revised ESRS E1 (simplified after the Omnibus, reporting from 2026) for one
 * account, or the registry, and one year. Each figure carries the element of the EFRAG ESRS 2023-12-22 taxonomy that
 * means the same, where there is one: EFRAG has published no taxonomy for the revised ESRS (see the README).
 */
public record Esrs2026Report(String accountId, int reportingYear, Instant asOf, SourcePosition source,
                             EsrsSummary summary, long purchasedNotCancelledTonnes) {

    public static final String TITLE = "ESRS E1 (revised, 2026) carbon credits: cancelled, and purchased but not cancelled";

    /**
     * A figure as JSON, CSV and PDF state it ({@code value}: tonnes, or a percentage with 2 decimals) and as Inline
     * XBRL tags it ({@code fact}: a share is a ratio there).
     */
    public record Figure(String field, BigDecimal value, XbrlFact fact) {
    }

    public String scope() {
        return accountId == null ? "registry" : accountId;
    }

    /** The figures in the order every format lists them. One line per datapoint. */
    public List<Figure> figures() {
        return List.of(
                tonnes("cancelledTonnes", XbrlFact.tonnes(EsrsXhtmlWriter.CANCELLED,
                        "Carbon credits cancelled (retired) in the reporting period", "Set 1 E1 §59(a)",
                        summary.totalRetiredTonnes())),
                tonnes("purchasedNotCancelledTonnes", XbrlFact.tonnes(null,
                        "Carbon credits purchased in the period and still held, not cancelled, at its end",
                        "revised E1 only", purchasedNotCancelledTonnes)),
                new Figure("removalSharePercent", summary.removalShare().movePointRight(2), XbrlFact.share(
                        EsrsXhtmlWriter.REMOVAL_SHARE, "Share of cancelled credits from removal projects",
                        "Set 1 E1 AR 62(a)", summary.removalShare())),
                tonnes("natureBasedRemovalTonnes", XbrlFact.tonnes(null,
                        "Cancelled credits from nature-based (biogenic) removals", "Set 1 E1 AR 62(b)",
                        summary.biogenicRemovalTonnes())),
                tonnes("technologicalRemovalTonnes", XbrlFact.tonnes(null,
                        "Cancelled credits from technological removals", "Set 1 E1 AR 62(b)",
                        summary.technologicalRemovalTonnes())));
    }

    private static Figure tonnes(String field, XbrlFact fact) {
        return new Figure(field, fact.value(), fact);
    }
}
