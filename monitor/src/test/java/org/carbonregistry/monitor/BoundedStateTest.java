package org.carbonregistry.monitor;

import org.carbonregistry.monitor.rules.RegistryState;
import org.carbonregistry.monitor.state.MonitorState;
import org.carbonregistry.monitor.state.StateStore;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The derived state grows with batches, holders and blocks, not with the number of events replayed. */
class BoundedStateTest {

    @TempDir
    Path directory;

    @Test
    void tenThousandMovesLeaveAStateOfAFewHundredBytes() throws Exception {
        TestEvents events = new TestEvents();
        RegistryState registry = new RegistryState();
        long leaf = 0;
        assertThat(registry.apply(leaf++, events.issue("batch-1", "acme", 1, 1_000_000).canonicalBytes())).isEmpty();
        for (long round = 0; round < 5_000; round++) {
            long first = 1 + 10 * round;
            assertThat(registry.apply(leaf++, events.transfer("batch-1", "acme", "globex", first, 10).canonicalBytes())).isEmpty();
            assertThat(registry.apply(leaf++, events.retire("batch-1", "globex", first, 10, 2025).canonicalBytes())).isEmpty();
        }

        StateStore store = new StateStore(directory);
        store.saveVerified(new MonitorState(null, leaf, List.of(), registry, List.of(), 0, 0, 0));

        assertThat(Files.size(directory.resolve("verified.json"))).isLessThan(1_000);
        RegistryState reloaded = store.load().registry();
        assertThat(reloaded.retiredTonnes()).containsEntry("globex", new java.util.TreeMap<>(java.util.Map.of(2025, 50_000L)));
        // the reloaded state goes on where the saved one stopped: the next sequence, the holder's lowest serials
        assertThat(reloaded.apply(leaf, events.retire("batch-1", "acme", 50_001, 5, 2025).canonicalBytes())).isEmpty();
        assertThat(reloaded.apply(leaf + 1, events.retire("batch-1", "globex", 1, 1, 2025).canonicalBytes()))
                .extracting(Finding::rule).containsExactly("moved-after-retirement");
    }
}
