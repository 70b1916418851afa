package org.carbonregistry.reporting.esrs;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EsrsSummaryTest {

    private static SummaryGroup group(String category, String sink, String standard, String country, boolean adjusted,
                                      int vintageStart, int vintageEnd, String type, long tonnes, long retirements) {
        return new SummaryGroup(category, sink, standard, country, adjusted, LocalDate.of(vintageStart, 1, 1),
                LocalDate.of(vintageEnd, 12, 31), type, "CCP", false, tonnes, retirements);
    }

    private static SummaryGroup labelled(String labels, long tonnes) {
        return new SummaryGroup("REDUCTION", null, "GS", "KE", false, LocalDate.of(2022, 1, 1),
                LocalDate.of(2022, 12, 31), "Cookstoves", labels, false, tonnes, 1);
    }

    @Test
    void aRetirementCountsUnderEveryLabelOfItsBatch() {
        EsrsSummary summary = EsrsSummary.of(List.of(
                labelled("CCP,CORSIA_ELIGIBLE", 100),
                labelled("CCP", 30),
                labelled("", 20),
                labelled("CORSIA", 5),
                new SummaryGroup(null, null, null, null, null, null, null, null, null, false, 7, 1)));

        assertThat(summary.totalRetiredTonnes()).isEqualTo(162);
        assertThat(summary.byLabel()).containsExactly(Map.entry("CCP", 130L), Map.entry("CORSIA", 5L),
                Map.entry("CORSIA_ELIGIBLE", 100L), Map.entry("unknown", 7L), Map.entry("unlabelled", 20L));
        // the batch with two labels is counted twice; everything else exactly once
        assertThat(summary.byLabel().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(summary.totalRetiredTonnes() + 100);
    }

    @Test
    void tonnesFromInvalidatedBatchesStayInTheTotalsAndAreNamedApart() {
        EsrsSummary summary = EsrsSummary.of(List.of(
                group("REMOVAL", "BIOGENIC", "VCS", "BR", false, 2022, 2022, "Forestry", 150, 2),
                new SummaryGroup("REMOVAL", "BIOGENIC", "VCS", "BR", false, LocalDate.of(2022, 1, 1),
                        LocalDate.of(2022, 12, 31), "Forestry", "CCP", true, 40, 1)));

        assertThat(summary.totalRetiredTonnes()).isEqualTo(190);
        assertThat(summary.removalTonnes()).isEqualTo(190);
        assertThat(summary.invalidatedTonnes()).isEqualTo(40);
        assertThat(EsrsSummary.of(List.of(group("REDUCTION", null, "GS", "KE", false, 2021, 2022, "Cookstoves", 200, 3)))
                .invalidatedTonnes()).isZero();
    }

    @Test
    void splitsAddUpToTheTotal() {
        EsrsSummary summary = EsrsSummary.of(List.of(
                group("REMOVAL", "BIOGENIC", "VCS", "BR", false, 2022, 2022, "Forestry", 150, 2),
                group("REMOVAL", "TECHNOLOGICAL", "PURO", "DE", true, 2023, 2023, "DACCS", 120, 1),
                group("REDUCTION", null, "GS", "KE", false, 2021, 2022, "Cookstoves", 200, 3),
                group("REDUCTION", null, "GS", "GR", true, 2021, 2022, "Cookstoves", 30, 1)));

        assertThat(summary.totalRetiredTonnes()).isEqualTo(500);
        assertThat(summary.retirementCount()).isEqualTo(7);
        assertThat(summary.removalTonnes()).isEqualTo(270);
        assertThat(summary.reductionTonnes()).isEqualTo(230);
        assertThat(summary.biogenicRemovalTonnes()).isEqualTo(150);
        assertThat(summary.technologicalRemovalTonnes()).isEqualTo(120);
        assertThat(summary.insideEuTonnes()).isEqualTo(150);
        assertThat(summary.outsideEuTonnes()).isEqualTo(350);
        assertThat(summary.correspondingAdjustmentTonnes()).isEqualTo(150);
        assertThat(summary.correspondingAdjustmentShare()).isEqualByComparingTo(new BigDecimal("0.3000"));
        assertThat(summary.byStandard()).containsExactly(Map.entry("GS", 230L), Map.entry("PURO", 120L), Map.entry("VCS", 150L));
        assertThat(summary.byVintage()).containsExactly(Map.entry("2021-2022", 230L), Map.entry("2022", 150L), Map.entry("2023", 120L));
        assertThat(summary.byProjectType()).containsEntry("Cookstoves", 230L).containsEntry("DACCS", 120L);
        assertThat(summary.byCountry()).containsOnlyKeys("BR", "DE", "GR", "KE");
        assertThat(summary.unclassifiedTonnes()).isZero();
        assertThat(summary.byLabel()).containsExactly(Map.entry("CCP", 500L));
    }

    @Test
    void retirementsOfBatchesNotYetProjectedAreCountedButUnclassified() {
        EsrsSummary summary = EsrsSummary.of(List.of(
                new SummaryGroup(null, null, null, null, null, null, null, null, null, false, 40, 1),
                group("REMOVAL", "BIOGENIC", "VCS", "FR", false, 2022, 2022, "Forestry", 60, 1)));

        assertThat(summary.totalRetiredTonnes()).isEqualTo(100);
        assertThat(summary.unclassifiedTonnes()).isEqualTo(40);
        assertThat(summary.removalTonnes()).isEqualTo(60);
        assertThat(summary.insideEuTonnes() + summary.outsideEuTonnes()).isEqualTo(60);
        assertThat(summary.byStandard()).containsEntry("unknown", 40L);
        assertThat(summary.byVintage()).containsEntry("unknown", 40L);
    }

    @Test
    void nothingRetiredIsAllZeros() {
        EsrsSummary summary = EsrsSummary.of(List.of());

        assertThat(summary.totalRetiredTonnes()).isZero();
        assertThat(summary.correspondingAdjustmentShare()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(summary.byStandard()).isEmpty();
    }

    @Test
    void theEuIsTwentySevenMemberStates() {
        assertThat(EuMemberStates.CODES).hasSize(27);
        assertThat(EuMemberStates.contains("de")).isTrue();
        assertThat(EuMemberStates.contains("EL")).isTrue();
        assertThat(EuMemberStates.contains("GB")).isFalse();
        assertThat(EuMemberStates.contains("CH")).isFalse();
        assertThat(EuMemberStates.contains("NO")).isFalse();
        assertThat(EuMemberStates.contains(null)).isFalse();
    }
}
