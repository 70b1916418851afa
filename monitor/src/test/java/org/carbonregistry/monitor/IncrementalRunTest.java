package org.carbonregistry.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonregistry.monitor.testlog.MonitorRun;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.carbonregistry.monitor.testlog.TestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitor keeps its place: a second run reads only what is new, a killed run resumes. */
class IncrementalRunTest {

    @TempDir
    Path directory;
    private TestLog log;
    private final TestEvents events = new TestEvents();
    private long nextSerial = 1;

    @BeforeEach
    void start() throws Exception {
        log = new TestLog(1);
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void aSecondRunReadsOnlyTheNewLeaves() throws Exception {
        appendBatches(300);
        log.checkpoint(1);
        Path state = directory.resolve("state");
        assertThat(MonitorRun.of(log, directory, "--state", state.toString()).exit()).isZero();
        // bundles are fetched a few at a time, so in any order
        assertThat(entryBundles()).containsExactlyInAnyOrder("000", "001.p/44");
        assertThat(leafPageStarts()).containsExactlyInAnyOrder(0L, 256L);

        log.clearRequests();
        MonitorRun unchanged = MonitorRun.of(log, directory, "--state", state.toString());
        assertThat(unchanged.exit()).as(unchanged.toString()).isZero();
        assertThat(entryBundles()).isEmpty();
        assertThat(leafPageStarts()).isEmpty();

        appendBatches(300);
        log.checkpoint(1);
        log.clearRequests();
        MonitorRun grown = MonitorRun.of(log, directory, "--state", state.toString());

        assertThat(grown.exit()).as(grown.toString()).isZero();
        assertThat(grown.out()).contains("replayed: " + (log.size() - 300) + " new leaves");
        // the bundle that was partial is read again, now full; nothing before it
        assertThat(entryBundles()).containsExactlyInAnyOrder("001", "002.p/88");
        assertThat(leafPageStarts()).containsExactlyInAnyOrder(300L, 512L);
    }

    @Test
    void aRunKilledHalfwayResumesFromItsSavedProgress() throws Exception {
        appendBatches(2000);
        log.checkpoint(1);
        Path state = directory.resolve("state");
        log.holdLeavesFrom(1024);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MonitorCli.class.getName()));
        command.addAll(MonitorRun.arguments(log, directory, 1, "--state", state.toString(), "--save-interval", "0"));
        Process monitor = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("killed-run.log").toFile()).start();
        try {
            awaitProgress(state.resolve("progress.json"), 1024);
        } finally {
            monitor.destroyForcibly().waitFor();
        }
        assertThat(state.resolve("verified.json")).doesNotExist();

        log.release();
        log.clearRequests();
        MonitorRun resumed = MonitorRun.of(log, directory, "--state", state.toString());

        assertThat(resumed.exit()).as(resumed.toString()).isZero();
        assertThat(resumed.out()).contains("tree size " + log.size(), "CLEAN");
        assertThat(entryBundles()).contains("004").doesNotContain("000", "001", "002", "003");
        assertThat(leafPageStarts()).contains(1024L).allMatch(start -> start >= 1024L);
        assertThat(state.resolve("progress.json")).doesNotExist();
    }

    /** Batches of 100 credits, each issued, split, retired and cancelled: four leaves a batch. */
    private void appendBatches(int leaves) {
        for (int i = 0; i < leaves / 4; i++) {
            String batch = "batch-" + nextSerial;
            long first = nextSerial;
            log.append(events.issue(batch, "acme", first, 100));
            log.append(events.transfer(batch, "acme", "globex", first, 40));
            log.append(events.retire(batch, "globex", first, 15, 2025));
            log.append(events.cancel(batch, "acme", first + 40, 5));
            nextSerial += 100;
        }
    }

    private List<String> entryBundles() {
        return log.requests().stream().filter(request -> request.startsWith("/log/tile/entries/"))
                .map(request -> request.substring("/log/tile/entries/".length())).toList();
    }

    private List<Long> leafPageStarts() {
        return log.requests().stream().filter(request -> request.startsWith("/api/leaves?"))
                .map(request -> Long.parseLong(request.replaceAll(".*start=(\\d+).*", "$1"))).toList();
    }

    private static void awaitProgress(Path progress, long position) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(progress)
                    && new ObjectMapper().readTree(progress.toFile()).path("position").asLong() == position) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the monitor saved no progress at leaf " + position);
    }
}
