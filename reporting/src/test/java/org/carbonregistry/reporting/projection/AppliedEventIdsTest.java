package org.carbonregistry.reporting.projection;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedEventIdsTest {

    @Test
    void everyAppliedIdIsFoundAndFewNewOnesAreSuspected() {
        List<UUID> stored = IntStream.range(0, 50_000).mapToObj(i -> UUID.randomUUID()).toList();
        AppliedEventIds applied = new AppliedEventIds(each -> stored.forEach(each));
        List<UUID> added = IntStream.range(0, 50_000).mapToObj(i -> UUID.randomUUID()).toList();
        applied.mayContain(List.of());
        applied.addAll(added);

        assertThat(applied.mayContain(stored)).hasSize(stored.size());
        assertThat(applied.mayContain(added)).hasSize(added.size());
        List<UUID> fresh = IntStream.range(0, 100_000).mapToObj(i -> UUID.randomUUID()).toList();
        assertThat(applied.mayContain(fresh).size()).isLessThan(1_000);
    }

    @Test
    void itIsBuiltFromTheTableOnceAndRebuiltWhenItOutgrowsItsCapacity() {
        List<UUID> table = new ArrayList<>();
        AtomicInteger scans = new AtomicInteger();
        AppliedEventIds applied = new AppliedEventIds(each -> {
            scans.incrementAndGet();
            table.forEach(each);
        });

        applied.mayContain(List.of(UUID.randomUUID()));
        int afterFirstUse = scans.get();
        List<UUID> many = IntStream.range(0, 1_100_000).mapToObj(i -> UUID.randomUUID()).toList();
        table.addAll(many);
        applied.addAll(many);
        assertThat(applied.mayContain(many.subList(0, 1000))).hasSize(1000);

        assertThat(afterFirstUse).isEqualTo(2);
        assertThat(scans.get()).isEqualTo(4);
    }
}
