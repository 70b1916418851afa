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
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule against a log whose entries are all correctly signed by the registry and whose checkpoint is correctly
 * signed and cosigned: the log is honest about what it holds, but what it holds breaks the registry's rules.
 */
class RegistryRulesTest {

    @TempDir
    Path directory;
    private TestLog log;
    private final TestEvents events = new TestEvents();

    @BeforeEach
    void honestHistory() throws Exception {
        log = new TestLog(2);
        log.append(events.account("acme"));
        log.append(events.account("globex"));
        log.append(events.issue("batch-1", "acme", 1, 100));
        log.append(events.transfer("batch-1", "acme", "globex", 1, 30));
        log.append(events.retire("batch-1", "globex", 1, 10, 2025));
        log.append(events.retire("batch-1", "acme", 31, 10, 2025));
        log.append(events.cancel("batch-1", "acme", 41, 5));
        log.append(events.issue("batch-2", "acme", 101, 50));
    }

    @AfterEach
    void stop() {
        log.close();
    }

    @Test
    void anHonestLogIsClean() throws Exception {
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 8", "witness-0.example");
    }

    @Test
    void plansAndClaimsOfAnHonestRegistryAreClean() throws Exception {
        EventEnvelope retired = events.retire("batch-2", "acme", 101, 5, 2025);
        log.append(retired);
        log.append(events.plan("acme", "plan-1", 400, 2030));
        log.append(events.withdrawPlan("acme", "plan-1"));
        log.append(events.claim("acme", "claim-1", retired));
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 12");
    }

    @Test
    void labelsRegisteredAndBatchesCarryingThemReplayClean() throws Exception {
        log.append(events.label("PURO_BIOCHAR"));
        log.append(events.label("GS_SDG_GOLD"));
        log.append(events.issue("batch-3", "acme", 151, 20, List.of("CCP", "PURO_BIOCHAR")));
        // a batch issued before the vocabulary keeps its free-form label: not a finding
        log.append(events.issue("batch-4", "acme", 171, 20, List.of("CORSIA")));
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 12");
    }

    @Test
    void aLabelRegisteredTwiceIsNamed() throws Exception {
        log.append(events.label("PURO_BIOCHAR"));
        EventEnvelope again = events.label("PURO_BIOCHAR");
        log.append(again);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "label-vocabulary", 9, again);
    }

    @Test
    void aBuiltInLabelRegisteredIsNamed() throws Exception {
        EventEnvelope builtIn = events.label("CCP");
        log.append(builtIn);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "label-vocabulary", 8, builtIn);
    }

    @Test
    void aRetirementBackingTwoClaimsIsNamed() throws Exception {
        EventEnvelope retired = events.retire("batch-2", "acme", 101, 5, 2025);
        log.append(retired);
        log.append(events.claim("acme", "claim-1", retired));
        EventEnvelope again = events.claim("acme", "claim-2", retired);
        log.append(again);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "retirement-claimed-twice", 10, again);
    }

    @Test
    void anHonestInvalidationReplaysClean() throws Exception {
        // batch-1 is held by acme (46-100) and globex (11-30); 1-10 and 31-40 are retired, 41-45 cancelled
        log.append(events.freeze("batch-1"));
        log.append(events.invalidate("batch-1", TestEvents.holding("acme", 46, 55), TestEvents.holding("globex", 11, 20)));
        log.append(events.retire("batch-2", "acme", 101, 5, 2025));
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 11");
    }

    @Test
    void anInvalidationCancellingSerialsTheAccountDoesNotHoldIsNamed() throws Exception {
        // globex holds 11-30, not acme
        EventEnvelope bad = events.invalidate("batch-1", TestEvents.holding("acme", 11, 20),
                TestEvents.holding("acme", 46, 55));
        log.append(bad);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "moved-from-non-holder", 8, bad);
    }

    @Test
    void anInvalidationCancellingRetiredSerialsIsNamed() throws Exception {
        EventEnvelope bad = events.invalidate("batch-1", TestEvents.holding("acme", 31, 10),
                TestEvents.holding("globex", 11, 20));
        log.append(bad);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "moved-after-retirement", 8, bad);
    }

    @Test
    void anInvalidationThatLeavesCreditsHeldIsNamed() throws Exception {
        EventEnvelope partial = events.invalidate("batch-1", TestEvents.holding("acme", 46, 55));
        log.append(partial);
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);
        assertFirstFinding(run, "invalidated-batch", 8, partial);
        assertThat(run.out()).contains("left 20 credits held by account globex");
    }

    @Test
    void creditsMovedAfterTheInvalidationAreNamed() throws Exception {
        log.append(events.invalidate("batch-1", TestEvents.holding("acme", 46, 55), TestEvents.holding("globex", 11, 20)));
        EventEnvelope afterwards = events.retire("batch-1", "acme", 46, 5, 2025);
        log.append(afterwards);
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);
        assertFirstFinding(run, "invalidated-batch", 9, afterwards);
        assertThat(run.out()).contains("credits moved after the batch was invalidated");
    }

    @Test
    void anArticle6DecisionAfterTheInvalidationIsNamed() throws Exception {
        log.append(events.invalidate("batch-1", TestEvents.holding("acme", 46, 55), TestEvents.holding("globex", 11, 20)));
        EventEnvelope afterwards = events.authorize("batch-1");
        log.append(afterwards);
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);
        assertFirstFinding(run, "invalidated-batch", 9, afterwards);
        assertThat(run.out()).contains("AuthorizationChanged after the batch was invalidated");
    }

    @Test
    void aBatchInvalidatedTwiceIsNamed() throws Exception {
        log.append(events.invalidate("batch-1", TestEvents.holding("acme", 46, 55), TestEvents.holding("globex", 11, 20)));
        EventEnvelope again = events.invalidate("batch-1");
        log.append(again);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "invalidated-batch", 9, again);
    }

    @Test
    void retiringAlreadyRetiredSerialsAgainIsNamed() throws Exception {
        EventEnvelope again = events.retire("batch-1", "globex", 1, 10, 2025);
        log.append(again);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "moved-after-retirement", 8, again);
    }

    @Test
    void aTransferFromAnAccountThatDoesNotHoldTheSerialsIsNamed() throws Exception {
        EventEnvelope stolen = events.transfer("batch-1", "globex", "acme", 50, 10);
        log.append(stolen);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "moved-from-non-holder", 8, stolen);
    }

    @Test
    void aBatchIssuingSerialsAnotherBatchHasIsNamed() throws Exception {
        EventEnvelope doubled = events.issue("batch-3", "globex", 120, 10);
        log.append(doubled);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "serial-issued-twice", 8, doubled);
    }

    @Test
    void aGapInAnAggregatesSequenceIsNamed() throws Exception {
        events.skip("batch-2", 1);
        EventEnvelope afterGap = events.transfer("batch-2", "acme", "globex", 101, 5);
        log.append(afterGap);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "sequence-gap", 8, afterGap);
    }

    @Test
    void article6DecisionsAndAFirstInternationalTransferAreValidHistory() throws Exception {
        log.append(events.authorize("batch-2"));
        log.append(events.firstInternationalTransfer("batch-2", "acme", "globex", 101, 5));
        log.append(events.applyAdjustment("batch-2"));
        log.append(events.transfer("batch-2", "globex", "acme", 101, 5));
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("CLEAN", "tree size 12");
    }

    @Test
    void anArticle6DecisionOnABatchNeverIssuedIsNamed() throws Exception {
        EventEnvelope orphan = events.applyAdjustment("batch-9");
        log.append(orphan);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "batch-lifecycle", 8, orphan);
    }

    @Test
    void creditsOfAFrozenBatchDoNotMove() throws Exception {
        log.append(events.freeze("batch-2"));
        EventEnvelope moved = events.transfer("batch-2", "acme", "globex", 101, 5);
        log.append(moved);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "frozen-batch", 9, moved);
    }

    @Test
    void aMoveThatSkipsTheHoldersLowestSerialsIsNamed() throws Exception {
        EventEnvelope notLowest = events.transfer("batch-2", "acme", "globex", 140, 5);
        log.append(notLowest);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "not-lowest-serials", 8, notLowest);
    }

    @Test
    void anEntryWithoutTheRegistrysSignatureIsNamed() throws Exception {
        EventEnvelope forged = events.transfer("batch-2", "acme", "globex", 101, 5);
        log.appendSignedByStranger(forged);
        log.checkpoint(1);

        assertFirstFinding(MonitorRun.of(log, directory), "registry-signature", 8, forged);
    }

    /** Bundles are fetched and their signatures verified on several threads; findings still come in leaf order. */
    @Test
    void findingsInManyBundlesComeInLeafOrder() throws Exception {
        List<EventEnvelope> forged = new ArrayList<>();
        long serial = 1_000;
        while (log.size() < 12 * 256) { // more bundles than are fetched at once
            String batch = "batch-" + serial;
            log.append(events.issue(batch, "acme", serial, 100));
            EventEnvelope transfer = events.transfer(batch, "acme", "globex", serial, 40);
            boolean forge = log.size() == 1002 || log.size() == 2502 || log.size() == 2505;
            if (forge) {
                forged.add(transfer);
                log.appendSignedByStranger(transfer);
            } else {
                log.append(transfer);
            }
            log.append(events.retire(batch, "globex", serial, 15, 2025));
            serial += 100;
        }
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory);

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out().lines().filter(line -> line.startsWith("VIOLATION")).toList()).hasSize(3)
                .satisfiesExactly(
                        line -> assertThat(line).startsWith("VIOLATION registry-signature at leaf 1002 event " + forged.get(0).eventId()),
                        line -> assertThat(line).startsWith("VIOLATION registry-signature at leaf 2502 event " + forged.get(1).eventId()),
                        line -> assertThat(line).startsWith("VIOLATION registry-signature at leaf 2505 event " + forged.get(2).eventId()));
    }

    @Test
    void unsignedEntriesAreCountedBeforeTheFirstSignedOneAndNamedAfterIt() throws Exception {
        TestLog older = new TestLog(1);
        TestEvents history = new TestEvents();
        try (older) {
            older.appendUnsigned(history.account("acme"));
            older.appendUnsigned(history.issue("batch-1", "acme", 1, 100));
            older.append(history.transfer("batch-1", "acme", "globex", 1, 10));
            older.checkpoint(1);
            MonitorRun beforeSigning = MonitorRun.of(older, directory);

            EventEnvelope unsigned = history.transfer("batch-1", "acme", "globex", 11, 10);
            older.appendUnsigned(unsigned);
            older.checkpoint(1);

            assertThat(beforeSigning.exit()).as(beforeSigning.toString()).isZero();
            assertThat(beforeSigning.out()).contains("2 leaves carry no registry signature");
            assertFirstFinding(MonitorRun.of(older, directory), "registry-signature", 3, unsigned);
        }
    }

    @Test
    void findingsArePrintedAsJson() throws Exception {
        EventEnvelope again = events.retire("batch-1", "globex", 1, 10, 2025);
        log.append(again);
        log.checkpoint(1);

        MonitorRun run = MonitorRun.of(log, directory, "--json");

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("\"status\" : \"violations\"", "\"rule\" : \"moved-after-retirement\"",
                "\"leafIndex\" : 8", "\"eventId\" : \"" + again.eventId() + "\"");
    }

    static void assertFirstFinding(MonitorRun run, String rule, long leafIndex, EventEnvelope event) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        String first = run.out().lines().filter(line -> line.startsWith("VIOLATION")).findFirst().orElseThrow();
        assertThat(first).startsWith("VIOLATION " + rule + " at leaf " + leafIndex + " event " + event.eventId());
    }
}
