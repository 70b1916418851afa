package org.carbonregistry.monitor;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.tiles.TileFormatException;
import org.carbonregistry.ledger.tiles.TileSource;
import org.carbonregistry.ledger.tiles.TiledTree;
import org.carbonregistry.monitor.log.LeafFeed;
import org.carbonregistry.monitor.log.LeafSignature;
import org.carbonregistry.monitor.log.CheckpointCheck;
import org.carbonregistry.monitor.log.Consistency;
import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.monitor.reporting.ReportingCheck;
import org.carbonregistry.monitor.rules.RegistryState;
import org.carbonregistry.monitor.state.MonitorState;
import org.carbonregistry.monitor.state.MonitorState.VerifiedCheckpoint;
import org.carbonregistry.monitor.state.StateStore;

import java.io.IOException;
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

    /**
     * Threads fetching entry bundles and signatures and verifying the signatures ahead of the replay: one per core
     * for Ed25519, and two more so that waiting for the network does not idle a core.
     */
    static final int FETCH_THREADS = Runtime.getRuntime().availableProcessors() + 2;
    /** Bundles (256 leaves each) fetched or held ahead of the replay at once: bounds the memory of a run. */
    static final int BUNDLES_AHEAD = 2 * FETCH_THREADS;
    static final String ROOT_MISMATCH = "entries-root-mismatch";
    static final String REGISTRY_SIGNATURE = "registry-signature";
    private static final Duration WITNESS_POLL = Duration.ofSeconds(1);

    /**
     * @param log   the ledger: {@code /log/checkpoint}, and {@code /api/leaves} for the registry's signatures
     * @param tiles the same log's tiles ({@code <ledger>/log/tile/...})
     */
    public record Settings(LogClient log, TileSource tiles, TlogPolicy policy, EnvelopeVerifier registryKey,
                           StateStore store, Duration saveInterval, Duration witnessWait, ReportingCheck reporting) {
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
        CheckpointCheck.Result checked = latestCheckpoint();
        if (!checked.trusted()) {
            return stopped(state, checked.cosigners(), checked.finding());
        }
        Checkpoint checkpoint = checked.checkpoint();
        Optional<Finding> fork = new Consistency(new TiledTree(checkpoint.treeSize(), settings.tiles()))
                .check(state.verified(), checkpoint);
        if (fork.isPresent()) {
            return stopped(state, checked.cosigners(), fork.get());
        }
        if (state.position() > checkpoint.treeSize()) {
            // progress beyond this checkpoint (served by a lagging replica): start again from the verified state
            settings.store().dropProgress();
            state = settings.store().load();
        }

        Replay replay = new Replay(state);
        Optional<Finding> wrongEntries = replay.upTo(checkpoint, state.verified());
        if (wrongEntries.isPresent()) {
            settings.store().dropProgress();
            return stopped(state, checked.cosigners(), wrongEntries.get());
        }
        MonitorState verified = replay.state(new VerifiedCheckpoint(checkpoint.treeSize(),
                StdBase64.encode(checkpoint.rootHash()), checked.note()));
        settings.store().saveVerified(verified);

        List<Finding> findings = new ArrayList<>(verified.findings());
        int compared = 0;
        if (settings.reporting() != null) {
            ReportingCheck.Result reporting = settings.reporting().compare(verified.registry());
            findings.addAll(reporting.findings());
            compared = reporting.compared();
        }
        return new Outcome(checkpoint.treeSize(), StdBase64.encode(checkpoint.rootHash()), checked.cosigners(),
                checkpoint.treeSize() - state.position(), verified.unsignedLeaves(), findings,
                verified.findingCount() + findings.size() - verified.findings().size(), compared);
    }

    /** A log seals a checkpoint before its witnesses cosign it: they get witnessWait before that is a finding. */
    private CheckpointCheck.Result latestCheckpoint() {
        CheckpointCheck check = new CheckpointCheck(settings.policy());
        CheckpointCheck.Result checked = check.check(settings.log().text("/log/checkpoint"));
        long deadline = System.nanoTime() + settings.witnessWait().toNanos();
        while (checked.awaitsWitnesses() && System.nanoTime() < deadline) {
            sleep(WITNESS_POLL);
            checked = check.check(settings.log().text("/log/checkpoint"));
        }
        return checked;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogClient.Unreachable("interrupted while waiting for witnesses");
        }
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
        private long firstSignedLeaf;

        Replay(MonitorState state) {
            position = state.position();
            range = state.compactRange();
            registry = state.registry();
            findings = state.findings();
            findingCount = state.findingCount();
            unsignedLeaves = state.unsignedLeaves();
            firstSignedLeaf = state.firstSignedLeaf();
        }

        /**
         * Replays the leaves up to {@code checkpoint}'s size, saving progress now and then; a finding when the tiles
         * are malformed or the leaves do not hash to the checkpoint's root.
         */
        Optional<Finding> upTo(Checkpoint checkpoint, VerifiedCheckpoint base) {
            long lastSave = System.nanoTime();
            try (LeafFeed feed = new LeafFeed(checkpoint.treeSize(), position, settings.tiles(), settings.log(),
                    settings.registryKey(), FETCH_THREADS, BUNDLES_AHEAD)) {
                while (feed.hasNext()) {
                    List<LeafFeed.Leaf> leaves;
                    try {
                        leaves = feed.next();
                    } catch (TileFormatException e) {
                        return Optional.of(Finding.ofLog(Consistency.BAD_TILES, e.getMessage()));
                    } catch (IOException e) {
                        throw new LogClient.Unreachable(e.getMessage());
                    }
                    apply(leaves);
                    if (System.nanoTime() - lastSave >= settings.saveInterval().toNanos()
                            && position < checkpoint.treeSize()) {
                        settings.store().saveProgress(state(base));
                        lastSave = System.nanoTime();
                    }
                }
            }
            if (!Arrays.equals(range.root(), checkpoint.rootHash())) {
                return Optional.of(Finding.ofLog(ROOT_MISMATCH, "leaves 0.." + checkpoint.treeSize() + " hash to "
                        + StdBase64.encode(range.root()) + ", not to the checkpoint's root "
                        + StdBase64.encode(checkpoint.rootHash())));
            }
            return Optional.empty();
        }

        /** Replays leaves in order: the signature's finding first, then the rules'. */
        void apply(List<LeafFeed.Leaf> leaves) {
            List<byte[]> hashes = new ArrayList<>(leaves.size());
            for (LeafFeed.Leaf leaf : leaves) {
                hashes.add(leaf.leafHash());
                List<Finding> found = new ArrayList<>(registry.apply(position, leaf.parsed()));
                checkSignature(leaf).ifPresent(problem -> found.add(0, problem));
                findings = MonitorState.keep(findings, found);
                findingCount += found.size();
                position++;
            }
            range = range.append(hashes).range();
        }

        /** The leaf's own signature check, and the log's history: unsigned leaves only before the first signed one. */
        private Optional<Finding> checkSignature(LeafFeed.Leaf leaf) {
            LeafSignature signature = leaf.signature();
            Optional<String> problem = switch (signature.verdict()) {
                case OTHER_BYTES, INVALID -> Optional.of(signature.problem());
                case UNSIGNED -> {
                    // the ledger logged unsigned records only before the registry signed events, never after
                    if (firstSignedLeaf >= 0) {
                        yield Optional.of("the leaf carries no registry signature, though leaf " + firstSignedLeaf + " did");
                    }
                    unsignedLeaves++;
                    yield Optional.empty();
                }
                case VALID -> {
                    if (firstSignedLeaf < 0) {
                        firstSignedLeaf = position;
                    }
                    yield Optional.empty();
                }
            };
            return problem.map(why -> {
                // a malformed entry is named by its leaf only; the rules report it too
                EventEnvelope envelope = leaf.parsed().envelope();
                return new Finding(REGISTRY_SIGNATURE, position, envelope == null ? null : envelope.eventId().toString(),
                        envelope == null ? null : envelope.aggregateId(), why);
            });
        }

        MonitorState state(VerifiedCheckpoint verified) {
            return new MonitorState(verified, position, MonitorState.encode(range), registry, findings, findingCount,
                    unsignedLeaves, firstSignedLeaf);
        }
    }
}
