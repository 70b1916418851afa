package org.carbonregistry.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sequencer's budget is 50,000 leaves a second including storage. Hashing envelopes, appending
 * and storing every completed node in memory must stay well inside it, so that the database write
 * has the rest. Measured in this thread's CPU time after a warm-up, so that other builds on the
 * shared two-core machine do not make it flaky; the bound is the target itself.
 */
class AppendThroughputTest {

    static final int BATCH = 1_000;

    @Test
    void appendsAndStoresAtLeastFiftyThousandLeavesPerSecond() {
        run(20_000); // warm-up: JIT and digest set-up
        int leaves = 200_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = threads.getCurrentThreadCpuTime();
        InMemoryNodeStore store = run(leaves);
        double seconds = (threads.getCurrentThreadCpuTime() - started) / 1e9;
        double leavesPerSecond = leaves / seconds;

        assertThat(store.size()).isEqualTo(2 * leaves - Long.bitCount(leaves));
        assertThat(leavesPerSecond).as("leaves per second (%.0f in %.2f s)", leavesPerSecond, seconds)
                .isGreaterThanOrEqualTo(50_000);
        System.out.printf("appended and stored %d leaves in %.2f s of CPU: %.0f leaves/s%n", leaves, seconds, leavesPerSecond);
    }

    private static InMemoryNodeStore run(int leaves) {
        InMemoryNodeStore store = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        for (int start = 0; start < leaves; start += BATCH) {
            List<byte[]> batch = new ArrayList<>(BATCH);
            for (int i = start; i < start + BATCH; i++) {
                String envelope = "{\"eventId\":\"" + i + "\",\"type\":\"CreditsRetired\",\"payload\":{}}";
                batch.add(MerkleHash.leafHash(envelope.getBytes(StandardCharsets.UTF_8)));
            }
            AppendResult result = range.append(batch);
            store.write(result.newNodes());
            range = result.range();
        }
        return store;
    }
}
