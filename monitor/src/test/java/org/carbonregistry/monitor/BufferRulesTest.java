package org.carbonregistry.monitor;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.monitor.testlog.MonitorRun;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.carbonregistry.monitor.testlog.TestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.monitor.RegistryRulesTest.assertFirstFinding;

/** Buffer contributions and reversals replayed from the log: only the buffer's own credits are cancelled. */
class BufferRulesTest {

    private static final String BUFFER = "registry-buffer";

    @TempDir
    Path directory;
    private TestLog log;
    private final TestEvents events = new TestEvents();

    /** Leaves 0-4: two accounts, batch-1 of 100 with 10% (serials 91-100) to the buffer, a transfer. */
    @BeforeEach
    void honestHistory() throws Exception {
        log = new TestLog(1);
        log.append(events.account("acme"));
        log.append(events.account("globex"));
        log.append(events.issue("batch-1", "acme", 1, 100));
        log.append(events.contributeToBuffer("batch-1", "acme", "10", 91, 10));
        log.append(events.transfer("batch-1", "acme", "globex", 1, 30));
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void contributionsAndReversalsOfAnHonestRegistryAreClean() throws Exception {
        log.append(events.compensateReversal("batch-1", BUFFER, 91, 4));
        log.append(events.compensateReversal("batch-1", BUFFER, 95, 6));
        log.append(events.issue("batch-2", "acme", 101, 7));
        log.append(events.contributeToBuffer("batch-2", "acme", "33.33", 106, 2));
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 9");
    }

    @Test
    void aReversalCancellingCreditsTheBufferDoesNotHoldIsNamed() throws Exception {
        EventEnvelope notBuffer = events.compensateReversal("batch-1", "acme", 31, 5);
        log.append(notBuffer);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "buffer-pool", 5, notBuffer);
    }

    @Test
    void aReversalOfSerialsTheBufferNoLongerHoldsIsNamed() throws Exception {
        log.append(events.compensateReversal("batch-1", BUFFER, 91, 10));
        EventEnvelope again = events.compensateReversal("batch-1", BUFFER, 91, 1);
        log.append(again);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "moved-after-cancellation", 6, again);
    }

    @Test
    void aReversalNotTakingTheBuffersLowestSerialsIsNamed() throws Exception {
        EventEnvelope top = events.compensateReversal("batch-1", BUFFER, 96, 5);
        log.append(top);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "not-lowest-serials", 5, top);
    }

    @Test
    void aTransferOutOfTheBufferIsNamed() throws Exception {
        EventEnvelope out = events.transfer("batch-1", BUFFER, "globex", 91, 1);
        log.append(out);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "buffer-pool", 5, out);
    }

    @Test
    void aContributionLargerThanItsPercentIsNamed() throws Exception {
        log.append(events.issue("batch-2", "acme", 101, 50));
        EventEnvelope greedy = events.contributeToBuffer("batch-2", "acme", "10", 145, 6);
        log.append(greedy);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "buffer-pool", 6, greedy);
    }

    @Test
    void aContributionLaterThanItsIssuanceIsNamed() throws Exception {
        log.append(events.issue("batch-2", "acme", 101, 50));
        log.append(events.transfer("batch-2", "acme", "globex", 101, 5));
        EventEnvelope late = events.contributeToBuffer("batch-2", "acme", "10", 146, 5);
        log.append(late);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "buffer-pool", 7, late);
    }
}
