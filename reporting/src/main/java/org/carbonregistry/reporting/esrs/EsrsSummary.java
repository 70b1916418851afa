package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.retirement.RetirementView;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures of an ESRS E1-7 carbon-credit disclosure: tonnes retired in the period and their splits. Every split
 * adds up to the total, except removals by sink (biogenic + technological = removals) and except tonnes whose batch
 * is not projected ({@code unclassifiedTonnes}, counted in the total and in the "unknown" keys only).
 *
 * <p>{@code byLabel} is the exception: a batch may carry several labels, and a retirement from it counts in full
 * under each of them (a tonne that is both CCP and CORSIA_ELIGIBLE is reported as both). Each key is the tonnes
 * retired from batches carrying that label; retirements from batches without labels count under
 * {@value #UNLABELLED}, so the split adds up to the total when no batch carries two labels, and to more otherwise.
 * Labels appear as the batch's {@code CreditsIssued} event carries them, including the free-form labels of batches
 * issued before the vocabulary (e.g. {@code CORSIA}).
 *
 * @param invalidatedTonnes            tonnes of the total retired from batches invalidated since: still retired,
 *                                     but the claims resting on them need replacing (the annex flags each)
 * @param correspondingAdjustmentShare correspondingAdjustmentTonnes / totalRetiredTonnes, 4 decimals (0 if none);
 *                                     the other shares are methods, computed the same way
 */
public record EsrsSummary(long totalRetiredTonnes, long retirementCount, long removalTonnes, long reductionTonnes,
                          long biogenicRemovalTonnes, long technologicalRemovalTonnes, long unclassifiedTonnes,
                          long insideEuTonnes, long outsideEuTonnes, long correspondingAdjustmentTonnes,
                          BigDecimal correspondingAdjustmentShare, SortedMap<String, Long> byStandard,
                          SortedMap<String, Long> byVintage, SortedMap<String, Long> byProjectType,
                          SortedMap<String, Long> byCountry, SortedMap<String, Long> byLabel, long invalidatedTonnes) {

    static final String UNKNOWN = "unknown";
    static final String UNLABELLED = "unlabelled";

    public static EsrsSummary of(List<SummaryGroup> groups) {
        long total = 0;
        long count = 0;
        long removal = 0;
        long reduction = 0;
        long biogenic = 0;
        long technological = 0;
        long unclassified = 0;
        long insideEu = 0;
        long outsideEu = 0;
        long adjusted = 0;
        long invalidated = 0;
        SortedMap<String, Long> byStandard = new TreeMap<>();
        SortedMap<String, Long> byVintage = new TreeMap<>();
        SortedMap<String, Long> byProjectType = new TreeMap<>();
        SortedMap<String, Long> byCountry = new TreeMap<>();
        SortedMap<String, Long> byLabel = new TreeMap<>();
        for (SummaryGroup group : groups) {
            long tonnes = group.tonnes();
            total += tonnes;
            count += group.retirements();
            if ("REMOVAL".equals(group.category())) {
                removal += tonnes;
                if ("BIOGENIC".equals(group.removalSink())) {
                    biogenic += tonnes;
                } else if ("TECHNOLOGICAL".equals(group.removalSink())) {
                    technological += tonnes;
                }
            } else if ("REDUCTION".equals(group.category())) {
                reduction += tonnes;
            } else {
                unclassified += tonnes;
            }
            if (group.projectCountry() != null) {
                if (EuMemberStates.contains(group.projectCountry())) {
                    insideEu += tonnes;
                } else {
                    outsideEu += tonnes;
                }
            }
            if (Boolean.TRUE.equals(group.correspondingAdjustment())) {
                adjusted += tonnes;
            }
            if (group.invalidated()) {
                invalidated += tonnes;
            }
            byStandard.merge(orUnknown(group.standard()), tonnes, Long::sum);
            byVintage.merge(RetirementView.vintageLabel(group.vintageStart(), group.vintageEnd()), tonnes, Long::sum);
            byProjectType.merge(orUnknown(group.projectType()), tonnes, Long::sum);
            byCountry.merge(orUnknown(group.projectCountry()), tonnes, Long::sum);
            for (String label : labelsOf(group)) {
                byLabel.merge(label, tonnes, Long::sum);
            }
        }
        return new EsrsSummary(total, count, removal, reduction, biogenic, technological, unclassified, insideEu,
                outsideEu, adjusted, share(adjusted, total), Collections.unmodifiableSortedMap(byStandard),
                Collections.unmodifiableSortedMap(byVintage), Collections.unmodifiableSortedMap(byProjectType),
                Collections.unmodifiableSortedMap(byCountry), Collections.unmodifiableSortedMap(byLabel), invalidated);
    }

    /** The keys a group counts under in {@code byLabel}: its labels, each once; null labels: batch not projected. */
    private static Set<String> labelsOf(SummaryGroup group) {
        if (group.labels() == null) {
            return Set.of(UNKNOWN);
        }
        if (group.labels().isBlank()) {
            return Set.of(UNLABELLED);
        }
        return new LinkedHashSet<>(Arrays.asList(group.labels().split(",")));
    }

    /** removalTonnes / totalRetiredTonnes (ESRS E1 AR 62(a)), 4 decimals. */
    public BigDecimal removalShare() {
        return share(removalTonnes, totalRetiredTonnes);
    }

    /** reductionTonnes / totalRetiredTonnes (ESRS E1 AR 62(a)), 4 decimals. */
    public BigDecimal reductionShare() {
        return share(reductionTonnes, totalRetiredTonnes);
    }

    /** insideEuTonnes / totalRetiredTonnes (ESRS E1 AR 62(d)), 4 decimals. */
    public BigDecimal insideEuShare() {
        return share(insideEuTonnes, totalRetiredTonnes);
    }

    /** part / total with 4 decimals, half-even; 0 when nothing was retired. */
    static BigDecimal share(long part, long total) {
        return total == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_EVEN);
    }

    private static String orUnknown(String value) {
        return value == null || value.isBlank() ? UNKNOWN : value;
    }
}
