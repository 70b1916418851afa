package org.carbonregistry.monitor;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.monitor.log.CheckpointCheck;
import org.carbonregistry.monitor.log.Consistency;
import org.carbonregistry.monitor.log.LogClient;
import org.carbonregistry.monitor.log.Policy;
import org.carbonregistry.monitor.log.SignedLeaves;
import org.carbonregistry.monitor.reporting.ReportingCheck;
import org.carbonregistry.monitor.rules.RegistryState;
import org.carbonregistry.monitor.state.MonitorState;
import org.carbonregistry.monitor.state.MonitorState.VerifiedCheckpoint;
import org.carbonregistry.monitor.state.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One run: verify the latest checkpoint and its witnesses, check it extends the one verified last, replay the new
 * leaves against the registry's rules, check that all leaves hash to the checkpoint's root, and only then keep the
 * result as the new verified state.
 */
public final class Monitor {

    /** Leaves fetched and replayed together: one entry bundle of the tiles. */
    static final int BUNDLE = 256;
    static final String ROOT_MISMATCH = "entries-root-mismatch";
    static final String REGISTRY_SIGNATURE = "registry-signature";

    public record Settings(LogClient log, Policy policy, EnvelopeVerifier registryKey, StateStore store,
                           Duration saveInterval, ReportingCheck reporting) {
    }

    /**
     * What a run found. {@code findings} are the kept ones: a finding about the log itself (this run) first, then
     * the events' (every run so far) in leaf order, then reporting's; {@code findingCount} counts all.
     */
    public record Outcome(long treeSize, String rootHash, List<String> cosigners, long replayedLeaves,
                          long unsignedLeaves, List<Finding> findings, long findingCount, int reportsCompared) {
        public boolean clean() {
            return findingCount == 0;
        }
    }

    private final Settings settings;

    public Monitor(Settings settings) {
        this.settings = settings;
    }

    public Outcome run() {
        MonitorState state = settings.store().load();
        String note = settings.log().text("/log/checkpoint");
        CheckpointCheck.Result checked = new CheckpointCheck(settings.policy()).check(note);
        if (!checked.trusted()) {
            return stopped(state, checked.cosigners(), checked.finding());
        }
        Checkpoint checkpoint = checked.checkpoint();
        Optional<Finding> fork = new Consistency(settings.log()).check(state.verified(), checkpoint);
        if (fork.isPresent()) {
            return stopped(state, checked.cosigners(), fork.get());
        }
        if (state.position() > checkpoint.treeSize()) {
            // progress beyond this checkpoint (served by a lagging replica): start again from the verified state
            settings.store().dropProgress();
            state = settings.store().load();
        }

        Replay replay = new Replay(state);
        long started = state.position();
        long lastSave = System.nanoTime();
        SignedLeaves leaves = new SignedLeaves(settings.log());
        while (replay.position < checkpoint.treeSize()) {
            long end = Math.min((replay.position / BUNDLE + 1) * BUNDLE, checkpoint.treeSize());
            replay.apply(leaves.range(replay.position, end));
            if (System.nanoTime() - lastSave >= settings.saveInterval().toNanos() && replay.position < checkpoint.treeSize()) {
                settings.store().saveProgress(replay.state(state.verified()));
                lastSave = System.nanoTime();
            }
        }
        if (!Arrays.equals(replay.range.root(), checkpoint.rootHash())) {
            settings.store().dropProgress();
            return stopped(state, checked.cosigners(), Finding.ofLog(ROOT_MISMATCH, "leaves 0.." + checkpoint.treeSize()
                    + " hash to " + StdBase64.encode(replay.range.root()) + ", not to the checkpoint's root "
                    + StdBase64.encode(checkpoint.rootHash())));
        }
        MonitorState verified = replay.state(new VerifiedCheckpoint(checkpoint.treeSize(),
                StdBase64.encode(checkpoint.rootHash()), note));
        settings.store().saveVerified(verified);

        List<Finding> findings = new ArrayList<>(verified.findings());
        int compared = 0;
        if (settings.reporting() != null) {
            ReportingCheck.Result reporting = settings.reporting().compare(verified.registry());
            findings.addAll(reporting.findings());
            compared = reporting.compared();
        }
        return new Outcome(checkpoint.treeSize(), StdBase64.encode(checkpoint.rootHash()), checked.cosigners(),
                checkpoint.treeSize() - started, verified.unsignedLeaves(), findings,
                verified.findingCount() + findings.size() - verified.findings().size(), compared);
    }

    /** A run that found the log itself untrustworthy: the saved state stays as it was. */
    private static Outcome stopped(MonitorState state, List<String> cosigners, Finding finding) {
        List<Finding> findings = new ArrayList<>();
        findings.add(finding);
        findings.addAll(state.findings());
        VerifiedCheckpoint verified = state.verified();
        return new Outcome(verified == null ? 0 : verified.treeSize(), verified == null ? null : verified.rootHash(),
                cosigners, 0, state.unsignedLeaves(), findings, state.findingCount() + 1, 0);
    }

    /** The replay under way: the tree's right edge, the registry and the findings, leaf after leaf. */
    private final class Replay {
        private long position;
        private CompactRange range;
        private final RegistryState registry;
        private List<Finding> findings;
        private long findingCount;
        private long unsignedLeaves;

        Replay(MonitorState state) {
            position = state.position();
            range = state.compactRange();
            registry = state.registry();
            findings = state.findings();
            findingCount = state.findingCount();
            unsignedLeaves = state.unsignedLeaves();
        }

        void apply(List<SignedEnvelope> leaves) {
            List<byte[]> hashes = new ArrayList<>(leaves.size());
            for (SignedEnvelope leaf : leaves) {
                hashes.add(MerkleHash.leafHash(leaf.envelope()));
                List<Finding> found = new ArrayList<>(registry.apply(position, leaf.envelope()));
                checkSignature(leaf).ifPresent(problem -> found.add(0, problem));
                findings = MonitorState.keep(findings, found);
                findingCount += found.size();
                position++;
            }
            range = range.append(hashes).range();
        }

        private Optional<Finding> checkSignature(SignedEnvelope leaf) {
            if (leaf.signature() == null && leaf.keyId() == null) {
                unsignedLeaves++;
                return Optional.empty();
            }
            return settings.registryKey().problem(leaf).map(problem -> {
                String eventId = null;
                String aggregateId = null;
                try {
                    EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(leaf.envelope());
                    eventId = envelope.eventId().toString();
                    aggregateId = envelope.aggregateId();
                } catch (IllegalArgumentException malformed) {
                    // named by its leaf only; the rules report the malformed entry too
                }
                return new Finding(REGISTRY_SIGNATURE, position, eventId, aggregateId, problem);
            });
        }

        MonitorState state(VerifiedCheckpoint verified) {
            return new MonitorState(verified, position, MonitorState.encode(range), registry, findings, findingCount,
                    unsignedLeaves);
        }
    }
}
