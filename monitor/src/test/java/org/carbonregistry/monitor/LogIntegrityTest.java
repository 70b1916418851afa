package org.carbonregistry.monitor;

import org.carbonregistry.monitor.testlog.MonitorRun;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.carbonregistry.monitor.testlog.TestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The log itself: its checkpoint's witnesses, and one history only. */
class LogIntegrityTest {

    @TempDir
    Path directory;
    private TestLog log;
    private final TestEvents events = new TestEvents();

    @BeforeEach
    void start() throws Exception {
        log = new TestLog(3);
        log.append(events.account("acme"));
        log.append(events.issue("batch-1", "acme", 1, 100));
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void aCheckpointWithoutAQuorumOfWitnessesIsAFinding() throws Exception {
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(MonitorRun.arguments(log, directory, 2, "--witness-wait", "1"));

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION witness-quorum", "[witness-0.example]",
                "does not meet the policy's quorum 'witnesses'");
    }

    @Test
    void aCheckpointWithAQuorumOfWitnessesIsAccepted() throws Exception {
        log.checkpoint(2);

        MonitorRun run = MonitorRun.of(MonitorRun.arguments(log, directory, 2));

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("witness-0.example", "witness-1.example");
    }

    @Test
    void aCheckpointIsGivenTimeToBeCosigned() throws Exception {
        log.checkpoint(0);
        Thread witnesses = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            log.checkpoint(2);
        });
        witnesses.start();

        MonitorRun run = MonitorRun.of(MonitorRun.arguments(log, directory, 2));
        witnesses.join();

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("witness-0.example", "witness-1.example");
        assertThat(log.requests().stream().filter("/log/checkpoint"::equals).count()).isGreaterThan(1);
    }

    @Test
    void aForkOfTheSavedCheckpointIsReported() throws Exception {
        Path state = verifiedOnce();

        log.fork();
        TestEvents other = new TestEvents();
        log.append(other.account("acme"));
        log.append(other.issue("batch-1", "acme", 1, 90));
        log.append(other.account("globex"));
        log.checkpoint(1);
        MonitorRun run = MonitorRun.of(log, directory, "--state", state.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION fork", "not consistent with the checkpoint at 2");
        // the verified history is kept: the fork is reported again on the next run
        assertThat(MonitorRun.of(log, directory, "--state", state.toString()).out()).contains("VIOLATION fork");
    }

    @Test
    void aRolledBackLogIsAFork() throws Exception {
        Path state = verifiedOnce();

        log.fork();
        log.append(events.account("someone"));
        log.checkpoint(1);
        MonitorRun run = MonitorRun.of(log, directory, "--state", state.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION fork", "rolled back");
    }

    /** A run that verified the log as it is now, with its state kept in the returned directory. */
    private Path verifiedOnce() throws Exception {
        log.checkpoint(1);
        Path state = directory.resolve("state");
        assertThat(MonitorRun.of(log, directory, "--state", state.toString()).exit()).isZero();
        return state;
    }

    @Test
    void anEntryThatDoesNotHashToItsTreeIsAFindingAndNothingIsKept() throws Exception {
        log.checkpoint(1);
        log.tamperWithEntry(1);
        Path state = directory.resolve("state");

        MonitorRun run = MonitorRun.of(log, directory, "--state", state.toString());

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION bad-tiles", "entry 1");
        assertThat(state.resolve("verified.json")).doesNotExist();
    }

    @Test
    void aLogThatCannotBeReadExitsWithThreeAndConcludesNothing() throws Exception {
        log.checkpoint(1);
        List<String> arguments = new java.util.ArrayList<>(MonitorRun.arguments(log, directory, 1));
        log.close();

        MonitorRun run = MonitorRun.of(arguments);

        assertThat(run.exit()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).contains("error: cannot check: ");
    }

    @Test
    void usageErrorsExitWithTwoAndAMessage() throws Exception {
        log.checkpoint(1);

        MonitorRun missingLog = MonitorRun.of(List.of("--policy", "p.txt", "--registry-key", log.registryKey()));
        MonitorRun badKey = MonitorRun.of(MonitorRun.arguments(log, directory, 1, "--registry-key", "not-a-key"));
        MonitorRun lonelyReporting = MonitorRun.of(MonitorRun.arguments(log, directory, 1, "--reporting", "http://x"));

        assertThat(missingLog.exit()).isEqualTo(2);
        assertThat(missingLog.err()).contains("error: ", "usage:");
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("error: ");
        assertThat(lonelyReporting.exit()).isEqualTo(2);
        assertThat(lonelyReporting.err()).contains("--reporting and --key go together");
    }
}
