package org.carbonregistry.reporting.esrs;

import io.swagger.v3.oas.annotations.media.Schema;
import org.carbonregistry.reporting.claim.ClaimSchemas;
import org.carbonregistry.reporting.retirement.RetirementSchemas;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The ESRS reports as {@link EsrsJsonWriter} and {@link Esrs2026Writer} stream them, as records for the OpenAPI
 * document only; the contract test checks real reports against them.
 */
final class EsrsSchemas {

    private EsrsSchemas() {
    }

    record InsideEu(boolean insideEu) {
    }

    @Schema(allOf = {RetirementSchemas.Retirement.class, InsideEu.class})
    record AnnexRetirement() {
    }

    /** A plan as {@link EsrsJsonWriter} writes it; the public registry-wide report has the totals without plans. */
    record Plan(String planId, String account, long quantity, int plannedYear, boolean basedOnExistingContracts,
                String eventId, String plannedAt, String inclusionProofUrl) {
    }

    record PlannedRetirements(long totalTonnes, long basedOnExistingContractsTonnes, List<Plan> plans) {
    }

    /** What every ESRS report opens with ({@link EsrsJsonWriter#header}). */
    record ReportHeader(String report, String title, String scope, String account, int reportingYear, String asOf,
                        String unit, String statement, RetirementSchemas.SourcePosition source) {
    }

    /**
     * {@code annex}: "included" with {@code retirements}, or why it is omitted (a registry-wide report asked without an
     * administrator's or auditor's key).
     */
    record E17Figures(long totalRetiredTonnes, long retirementCount, long removalTonnes, long reductionTonnes,
                      long biogenicRemovalTonnes, long technologicalRemovalTonnes, long unclassifiedTonnes,
                      long insideEuTonnes, long outsideEuTonnes, long correspondingAdjustmentTonnes,
                      long invalidatedTonnes, BigDecimal correspondingAdjustmentShare, BigDecimal removalShare, BigDecimal reductionShare,
                      BigDecimal insideEuShare, Map<String, Long> byStandard, Map<String, Long> byVintage,
                      Map<String, Long> byProjectType, Map<String, Long> byCountry, Map<String, Long> byLabel,
                      PlannedRetirements plannedRetirements, String annex, List<ClaimSchemas.Claim> claims,
                      List<AnnexRetirement> retirements) {
    }

    @Schema(allOf = {ReportHeader.class, E17Figures.class})
    record EsrsE17Report() {
    }

    /** The figures of {@link Esrs2026Report#figures()}. */
    record RevisedFigures(BigDecimal cancelledTonnes, BigDecimal purchasedNotCancelledTonnes,
                          BigDecimal removalSharePercent, BigDecimal natureBasedRemovalTonnes,
                          BigDecimal technologicalRemovalTonnes) {
    }

    @Schema(allOf = {ReportHeader.class, RevisedFigures.class})
    record RevisedEsrsReport() {
    }
}
