package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.claim.ClaimView;
import org.carbonregistry.reporting.plan.PlannedRetirements;
import org.carbonregistry.reporting.projection.SourcePosition;

import java.time.Instant;
import java.util.List;

/**
 * Everything an ESRS E1-7 report states apart from its annex rows, which are streamed.
 *
 * @param accountId     the retiring account, or null for the registry-wide report
 * @param annexIncluded false for a registry-wide report read without an administrator's or auditor's key: the
 *                      aggregates are public, the individual retirements, plans and claims are not
 * @param planned       credits planned to be retired after the reporting year (see {@link PlannedRetirements})
 * @param claims        the claims whose period overlaps the reporting year, with their retirements' tonnes; empty
 *                      when the annex is omitted
 */
public record EsrsReport(String accountId, int reportingYear, Instant asOf, SourcePosition source,
                         EsrsSummary summary, boolean annexIncluded, PlannedRetirements planned,
                         List<ClaimView> claims) {

    public static final String TITLE = "ESRS E1-7 carbon credits: credits retired (cancelled) in the reporting period";

    /** ESRS E1-7 keeps credits apart from emissions: this sentence is part of every form of the report. */
    public static final String STATEMENT = "Carbon credits retired are stated separately from the undertaking's"
            + " gross GHG emissions and are not netted against them (ESRS E1-7). Figures are tonnes of CO2e, one"
            + " credit per tonne.";

    public static final String ANNEX_OMITTED = "omitted: the registry-wide annex lists every account's retirements"
            + " and needs an administrator's or auditor's API key";

    public String scope() {
        return accountId == null ? "registry" : accountId;
    }
}
