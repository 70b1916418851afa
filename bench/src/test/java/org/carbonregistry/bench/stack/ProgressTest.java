package org.carbonregistry.bench.stack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    private final List<Progress.Sample> samples = List.of(
            new Progress.Sample(100, 0, Map.of(0, 0L, 1, 0L)),
            new Progress.Sample(200, 5, Map.of(0, 3L, 1, 0L)),
            new Progress.Sample(300, 9, Map.of(0, 3L, 1, 7L)));

    @Test
    void aLeafIsCheckpointedInTheFirstSampleWhoseTreeIsLarger() {
        assertThat(Progress.checkpointed(samples, 4)).hasValue(200);
        assertThat(Progress.checkpointed(samples, 5)).hasValue(300);
        assertThat(Progress.checkpointed(samples, 9)).isEmpty();
    }

    @Test
    void aRecordIsReportedOnceItsPartitionsStoredOffsetIsPastIt() {
        assertThat(Progress.reported(samples, 0, 2)).hasValue(200);
        assertThat(Progress.reported(samples, 1, 6)).hasValue(300);
        assertThat(Progress.reported(samples, 2, 0)).isEmpty();
    }
}
