package org.carbonregistry.bench.stack;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCpuTest {

    @Test
    void userPlusSystemTicksAreFields14And15() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 52617 0 2 0 1234 567 0 0 20 0 45 0 86937 3390744576 60335 "
                + "18446744073709551615 1 1 0 0 0 0 0 2 16800972 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = "77 (postgres: x (y) z) S 1 77 77 0 -1 4194560 100 0 0 0 30 12 0 0 20 0 1 0 500 1000 10";
        assertThat(ProcessCpu.ticks(stat)).isEqualTo(42);
    }

    @Test
    void aTruncatedLineIsRefused() {
        assertThatThrownBy(() -> ProcessCpu.ticks("12 (java) S 1 2 3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessCpu.ticks("no parentheses")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLiveProcessOfThisTestHasTicks() {
        assertThat(ProcessCpu.ticks(ProcessHandle.current().pid())).isPresent();
    }

    @Test
    void backendsAreRecognisedByTheDatabaseInTheirTitle() {
        Set<String> ours = Set.of("stack_load_registry_1");
        assertThat(ProcessCpu.isBackendOf("postgres: postgres stack_load_registry_1 127.0.0.1(5432) idle\0", ours)).isTrue();
        assertThat(ProcessCpu.isBackendOf("postgres: 15/main: postgres stack_load_registry_1 127.0.0.1(40000) idle", ours))
                .isTrue();
        assertThat(ProcessCpu.isBackendOf("postgres: postgres other_db 127.0.0.1(5432) idle", ours)).isFalse();
        assertThat(ProcessCpu.isBackendOf("postgres: 15/main: checkpointer ", ours)).isFalse();
        assertThat(ProcessCpu.isBackendOf("java\0-jar\0stack_load_registry_1\0", ours)).isFalse();
    }

    @Test
    void backendMillisCountNewBackendsWholeAndDropGoneOnes() {
        Map<Long, Long> before = Map.of(1L, 100L, 2L, 50L);
        Map<Long, Long> after = Map.of(1L, 130L, 3L, 20L);
        assertThat(ProcessCpu.backendMillis(before, after)).isEqualTo((30 + 20) * 1000.0 / ProcessCpu.TICKS_PER_SECOND);
    }
}
