package org.carbonregistry.reporting.retirement;

import org.carbonregistry.events.SerialBlock;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class RetirementViewTest {

    @Test
    void serialLabelsAreTheRegistrysOwn() {
        for (SerialBlock block : new SerialBlock[] {new SerialBlock(1, 100), new SerialBlock(999_999_999, 1_000_000_001L),
                new SerialBlock(123_456_789_012L, 123_456_789_012L)}) {
            assertThat(RetirementView.label("VCS-1A2B3C4D-2023", block)).isEqualTo(block.label("VCS-1A2B3C4D-2023"));
        }
        assertThat(RetirementView.label(null, new SerialBlock(5, 9))).isEqualTo("5-9");
    }

    @Test
    void vintagesWithinOneYearAreThatYear() {
        assertThat(RetirementView.vintageLabel(LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31))).isEqualTo("2023");
        assertThat(RetirementView.vintageLabel(LocalDate.of(2022, 7, 1), LocalDate.of(2023, 6, 30))).isEqualTo("2022-2023");
        assertThat(RetirementView.vintageLabel(null, null)).isEqualTo("unknown");
    }
}
