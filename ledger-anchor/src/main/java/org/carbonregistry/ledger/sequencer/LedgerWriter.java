package org.carbonregistry.ledger.sequencer;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.OffsetStore.TopicPartitionKey;
import org.carbonregistry.ledger.storage.QuarantinedRecord;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredLeaf;
import org.carbonregistry.ledger.storage.StoredSequenceAnomaly;
import org.carbonregistry.ledger.tiles.Tiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The log's only writer. Each {@link #append} is ONE database transaction holding the sequencer lease: the
 * batch's new leaves (with the registry's signatures), the full entry bundles and interior nodes they complete,
 * the quarantined records, the aggregates' last sequences and any gap or repeat in them, the next Kafka offsets
 * and, when due, the checkpoint. Only records the registry signed become leaves: the rest are quarantined as {@code bad-signature}.
 * A crash before the commit loses the whole batch and its offsets, so it is read again; after the commit the
 * offsets say it is done. Either way no leaf is lost or doubled.
 *
 * <p>In memory it keeps only the tree's right edge ({@link CompactRange}, immutable), the latest checkpoint and
 * the offsets, and replaces them only after a commit; after any failure {@link #open} reloads them from the
 * database, which also covers a commit whose outcome was unknown.
 */
public final class LedgerWriter {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);
    private static final int REPLAY_PAGE = 1_000;
    private static final int PARALLEL_VERIFICATION = 256;
    /** Entry bundles checked for a stored row per query, and backfilled per transaction (about 92 KB each). */
    private static final int BUNDLE_SCAN = 10_000;
    private static final int BUNDLE_PAGE = 16;

    private final LedgerStorage storage;
    private final TransactionTemplate transactions;
    private final SequencerLease lease;
    private final NoteSigner signer;
    private final CheckpointPolicy policy;
    private final Clock clock;
    private final LedgerMetrics metrics;
    private final TrustedRegistryKeys registryKeys;
    private final SequenceTracker sequences;
    private final List<CheckpointListener> listeners = new CopyOnWriteArrayList<>();

    private volatile State state;

    public LedgerWriter(LedgerStorage storage, TransactionTemplate transactions, SequencerLease lease, NoteSigner signer,
                        CheckpointPolicy policy, Clock clock, LedgerMetrics metrics, TrustedRegistryKeys registryKeys) {
        this.storage = storage;
        this.transactions = transactions;
        this.lease = lease;
        this.signer = signer;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        this.registryKeys = registryKeys;
        this.sequences = new SequenceTracker(storage.sequences());
    }

    public void addListener(CheckpointListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Loads the tree's state for writing under {@code grant}: tree size, right edge, latest checkpoint and
     * offsets. Refuses a database whose latest checkpoint this key did not sign, or whose stored tree does not
     * have that checkpoint's root.
     */
    public void open(LeaseGrant grant) {
        long size = storage.leaves().treeSize();
        CompactRange range = CompactRange.load(size, storage.nodes());
        StoredCheckpoint latest = storage.checkpoints().latest().orElse(null);
        if (latest != null) {
            verifyOwnCheckpoint(latest, size);
        }
        trackOlderLeaves(grant, size);
        storeOlderEntryBundles(grant, size);
        // Without a checkpoint the interval counts from now; after a restart from the latest checkpoint, so
        // leaves left unsealed by a crash are sealed promptly.
        state = new State(grant, range, latest, latest == null ? clock.millis() : latest.sealedAt().toEpochMilli(),
                Map.copyOf(storage.offsets().all()));
        metrics.treeSize(size);
        log.info("sequencer epoch {} opened the log at tree size {}, latest checkpoint {}", grant.epoch(), size,
                latest == null ? "none" : latest.treeSize());
    }

    /**
     * Replays the leaves the sequence tracking has not seen (a ledger created before it existed), a page per
     * transaction, so that their aggregates' sequences are known and their anomalies recorded like new ones.
     */
    private void trackOlderLeaves(LeaseGrant grant, long treeSize) {
        long tracked = storage.sequences().trackedLeaves();
        if (tracked >= treeSize) {
            return;
        }
        log.info("tracking aggregate sequences of leaves {} to {} (logged before sequence tracking)", tracked, treeSize - 1);
        for (long start = tracked; start < treeSize; start += REPLAY_PAGE) {
            long end = Math.min(treeSize, start + REPLAY_PAGE);
            long first = start;
            List<StoredSequenceAnomaly> found = transactions.execute(status -> {
                lease.holdWithinTransaction(grant);
                List<SequenceTracker.Tracked> page = new ArrayList<>();
                for (StoredLeaf leaf : storage.leaves().range(first, end)) {
                    EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(leaf.envelope());
                    page.add(new SequenceTracker.Tracked(leaf.leafIndex(), leaf.eventId(), envelope.aggregateId(),
                            envelope.sequence()));
                }
                return sequences.track(page, end, clock.instant());
            });
            found.forEach(anomaly -> log.warn("sequence {} in aggregate {} at leaf {} (event {}), found replaying older leaves",
                    anomaly.anomaly(), anomaly.aggregateId(), anomaly.leafIndex(), anomaly.eventId()));
        }
    }

    /**
     * Stores the full entry bundles missing below {@code treeSize} (a log written before they were stored, or a start
     * that stopped halfway through this), a page per transaction. Until then they are served assembled from the leaves.
     */
    private void storeOlderEntryBundles(LeaseGrant grant, long treeSize) {
        long fullBundles = treeSize / Tiles.WIDTH;
        long stored = 0;
        for (long from = 0; from < fullBundles; from += BUNDLE_SCAN) {
            List<Long> missing = storage.entryBundles().missing(from, Math.min(fullBundles, from + BUNDLE_SCAN));
            for (int first = 0; first < missing.size(); first += BUNDLE_PAGE) {
                List<Long> page = missing.subList(first, Math.min(missing.size(), first + BUNDLE_PAGE));
                if (stored == 0) {
                    log.info("storing the full entry bundles of leaves logged before bundles were stored, from bundle {}",
                            page.get(0));
                }
                transactions.executeWithoutResult(status -> {
                    lease.holdWithinTransaction(grant);
                    storage.entryBundles().insert(page, page.stream()
                            .map(bundle -> storage.entryBundles().assemble(bundle, Tiles.WIDTH)).toList());
                });
                stored += page.size();
            }
        }
        if (stored > 0) {
            log.info("stored {} full entry bundles of older leaves", stored);
        }
    }

    /** Forgets the loaded state (after losing the lease). */
    public void close() {
        state = null;
    }

    public boolean isOpen() {
        return state != null;
    }

    /** Tree size as of the last commit of this writer (or the database, once opened). */
    public long treeSize() {
        State current = state;
        return current == null ? storage.leaves().treeSize() : current.range().size();
    }

    /** The next offset to read for each partition, as committed. */
    public Map<TopicPartitionKey, Long> positions() {
        return requireOpen().positions();
    }

    public void notifyStarted() {
        for (CheckpointListener listener : listeners) {
            try {
                listener.sequencerStarted();
            } catch (RuntimeException e) {
                log.warn("checkpoint listener {} failed to start: {}", listener, e.toString());
            }
        }
    }

    /** Appends a batch of consumed records in one transaction; seals a checkpoint in it when one is due. */
    public AppendReport append(List<IncomingRecord> records) {
        State before = requireOpen();
        long started = System.nanoTime();
        long now = clock.millis();
        EnvelopeVerifier verifier = registryKeys.current().orElseThrow(() -> new IllegalStateException(
                "no trusted registry key, so no record can be checked: " + registryKeys.problem()));
        String[] signatureProblems = signatureProblems(records, verifier);
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> {
                lease.holdWithinTransaction(before.grant());
                return write(before, records, signatureProblems, now, false);
            });
        } catch (DuplicateKeyException redelivered) {
            // An event id of the batch is already a leaf (a redelivery): do it again, looking every id up first.
            outcome = transactions.execute(status -> {
                lease.holdWithinTransaction(before.grant());
                return write(before, records, signatureProblems, now, true);
            });
        }
        state = outcome.state();
        for (StoredSequenceAnomaly anomaly : outcome.report().sequenceAnomalies()) {
            log.warn("sequence {} in aggregate {} at leaf {} (event {})", anomaly.anomaly(), anomaly.aggregateId(),
                    anomaly.leafIndex(), anomaly.eventId());
        }
        metrics.recorded(outcome.report());
        metrics.appendTook(System.nanoTime() - started);
        outcome.report().sealed().ifPresent(this::announce);
        return outcome.report();
    }

    /** Seals a checkpoint if the tree grew and the interval has passed (when no records arrive). */
    public Optional<StoredCheckpoint> sealIfDue() {
        State current = requireOpen();
        long now = clock.millis();
        if (!policy.isDue(leavesSinceCheckpoint(current, current.range()), now - current.lastSealMillis())) {
            return Optional.empty();
        }
        return Optional.of(seal(current, now));
    }

    /** Seals a checkpoint now if the tree grew since the last one. */
    public Optional<StoredCheckpoint> sealNow() {
        State current = requireOpen();
        if (leavesSinceCheckpoint(current, current.range()) == 0) {
            return Optional.empty();
        }
        return Optional.of(seal(current, clock.millis()));
    }

    private StoredCheckpoint seal(State current, long now) {
        StoredCheckpoint sealed = transactions.execute(status -> {
            lease.holdWithinTransaction(current.grant());
            return sealWithin(current, current.range(), now);
        });
        state = current.sealed(sealed, now);
        announce(sealed);
        return sealed;
    }

    /**
     * The body of the append transaction. Redeliveries are rare, so by default the unique event id constraint
     * finds them (the insert fails and the caller retries with {@code lookUpEventIds}), which saves a query per
     * batch; looked up, a known event id with the same bytes is a duplicate, with other bytes a quarantined record.
     */
    private Outcome write(State before, List<IncomingRecord> records, String[] signatureProblems, long now,
                          boolean lookUpEventIds) {
        Map<TopicPartitionKey, Long> positions = new HashMap<>(before.positions());
        Map<TopicPartitionKey, Long> advanced = new LinkedHashMap<>();
        List<QuarantinedRecord> quarantined = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>(records.size());
        int alreadyApplied = 0;
        for (int i = 0; i < records.size(); i++) {
            IncomingRecord record = records.get(i);
            TopicPartitionKey partition = record.topicPartition();
            long next = positions.getOrDefault(partition, 0L);
            if (record.offset() < next) {
                alreadyApplied++;
                continue;
            }
            positions.put(partition, record.offset() + 1);
            advanced.put(partition, record.offset() + 1);
            // The author check comes first: whatever the registry did not sign is bad-signature, whatever its bytes.
            if (record.value() == null) {
                quarantined.add(quarantine(record, QuarantinedRecord.TOMBSTONE,
                        "record has no value (a tombstone), not an event envelope", now));
                continue;
            }
            if (signatureProblems[i] != null) {
                quarantined.add(quarantine(record, EnvelopeVerifier.REASON, signatureProblems[i], now));
                continue;
            }
            EventEnvelope envelope;
            try {
                envelope = EventEnvelope.fromCanonicalBytes(record.value());
            } catch (RuntimeException e) {
                quarantined.add(quarantine(record, QuarantinedRecord.NOT_CANONICAL,
                        "not a canonical RFC 8785 event envelope: " + e.getMessage(), now));
                continue;
            }
            candidates.add(new Candidate(record, envelope.eventId().toString(), envelope.aggregateId(), envelope.sequence(),
                    MerkleHash.leafHash(record.value())));
        }

        Map<String, byte[]> known = new HashMap<>(lookUpEventIds
                ? storage.leaves().leafHashesOf(candidates.stream().map(Candidate::eventId).distinct().toList())
                : Map.of());
        List<StoredLeaf> leaves = new ArrayList<>(candidates.size());
        List<SequenceTracker.Tracked> tracked = new ArrayList<>(candidates.size());
        List<byte[]> leafHashes = new ArrayList<>(candidates.size());
        int duplicates = 0;
        long nextIndex = before.range().size();
        for (Candidate candidate : candidates) {
            byte[] existing = known.get(candidate.eventId());
            if (existing != null) {
                if (MessageDigest.isEqual(existing, candidate.leafHash())) {
                    duplicates++;
                } else {
                    quarantined.add(quarantine(candidate.record(), QuarantinedRecord.EVENT_ID_REUSED, "event id "
                            + candidate.eventId() + " is already in the log with different bytes", now));
                }
                continue;
            }
            known.put(candidate.eventId(), candidate.leafHash());
            tracked.add(new SequenceTracker.Tracked(nextIndex, candidate.eventId(), candidate.aggregateId(),
                    candidate.sequence()));
            leaves.add(new StoredLeaf(nextIndex++, candidate.eventId(), candidate.leafHash(), candidate.record().value(),
                    candidate.record().signature(), candidate.record().keyId()));
            leafHashes.add(candidate.leafHash());
        }

        AppendResult grown = before.range().append(leafHashes);
        storage.quarantine().insert(quarantined);
        storage.leaves().insert(leaves);
        storage.entryBundles().storeCompleted(before.range().size(), leaves.stream().map(StoredLeaf::envelope).toList());
        storage.nodes().insert(grown.newNodes());
        storage.offsets().save(advanced);
        List<StoredSequenceAnomaly> anomalies = sequences.track(tracked, nextIndex, Instant.ofEpochMilli(now));

        State after = before.advanced(grown.range(), Map.copyOf(positions));
        StoredCheckpoint sealed = null;
        if (policy.isDue(leavesSinceCheckpoint(after, grown.range()), now - after.lastSealMillis())) {
            sealed = sealWithin(after, grown.range(), now);
            after = after.sealed(sealed, now);
        }
        if (!quarantined.isEmpty()) {
            log.warn("quarantined {} record(s), first: {} partition {} offset {}: {}", quarantined.size(),
                    quarantined.get(0).topic(), quarantined.get(0).partition(), quarantined.get(0).offset(),
                    quarantined.get(0).detail());
        }
        Map<String, Integer> byReason = new TreeMap<>();
        quarantined.forEach(record -> byReason.merge(record.reason(), 1, Integer::sum));
        return new Outcome(after, new AppendReport(leaves.size(), duplicates, quarantined.size(), alreadyApplied,
                grown.treeSize(), Optional.ofNullable(sealed), Map.copyOf(byReason), List.copyOf(anomalies)));
    }

    private StoredCheckpoint sealWithin(State current, CompactRange range, long now) {
        long started = System.nanoTime();
        String origin = signer.name();
        Checkpoint checkpoint = current.latest() == null
                ? Checkpoint.first(origin, range.size(), range.root())
                : Checkpoint.following(current.latest().note(), origin, range.size(), range.root());
        StoredCheckpoint sealed = new StoredCheckpoint(range.size(), signer.sign(checkpoint), Instant.ofEpochMilli(now));
        storage.checkpoints().insert(sealed);
        metrics.sealed(System.nanoTime() - started);
        return sealed;
    }

    private void announce(StoredCheckpoint sealed) {
        for (CheckpointListener listener : listeners) {
            try {
                listener.checkpointSealed(sealed);
            } catch (RuntimeException e) {
                log.warn("checkpoint listener {} failed on tree size {}: {}", listener, sealed.treeSize(), e.toString());
            }
        }
    }

    private void verifyOwnCheckpoint(StoredCheckpoint latest, long treeSize) {
        Checkpoint checkpoint;
        try {
            checkpoint = signer.verifier().verify(latest.note());
        } catch (NoteException e) {
            throw new IllegalStateException("the latest checkpoint (tree size " + latest.treeSize() + ") does not verify"
                    + " with this ledger's key " + signer.verifierKey() + " (" + e.getMessage() + "); refusing to"
                    + " extend a log signed by another key or under another origin");
        }
        if (checkpoint.treeSize() != latest.treeSize() || checkpoint.treeSize() > treeSize) {
            throw new IllegalStateException("the latest checkpoint is for tree size " + checkpoint.treeSize()
                    + " but the database stores " + treeSize + " leaves (row tree size " + latest.treeSize() + ")");
        }
        byte[] storedRoot = new Proofs(storage.nodes()).root(checkpoint.treeSize());
        if (!MessageDigest.isEqual(storedRoot, checkpoint.rootHash())) {
            throw new IllegalStateException("the stored tree at size " + checkpoint.treeSize()
                    + " does not have the root of the latest checkpoint: the database was altered");
        }
    }

    private static long leavesSinceCheckpoint(State current, CompactRange range) {
        return range.size() - (current.latest() == null ? 0 : current.latest().treeSize());
    }

    private State requireOpen() {
        State current = state;
        if (current == null) {
            throw new IllegalStateException("the ledger writer is not open: it does not hold the sequencer lease");
        }
        return current;
    }

    /**
     * Why each record's registry signature does not verify (null where it does, or where there is no value). Pure
     * CPU and the bulk of a batch's cost, so it runs before the transaction, in parallel for larger batches.
     */
    private static String[] signatureProblems(List<IncomingRecord> records, EnvelopeVerifier verifier) {
        String[] problems = new String[records.size()];
        IntStream indexes = IntStream.range(0, records.size());
        (records.size() >= PARALLEL_VERIFICATION ? indexes.parallel() : indexes).forEach(i -> {
            IncomingRecord record = records.get(i);
            if (record.value() != null) {
                problems[i] = verifier.problem(record.signedEnvelope()).orElse(null);
            }
        });
        return problems;
    }

    private static QuarantinedRecord quarantine(IncomingRecord record, String reason, String detail, long now) {
        return new QuarantinedRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                reason, detail, Instant.ofEpochMilli(now));
    }

    private record Candidate(IncomingRecord record, String eventId, String aggregateId, long sequence, byte[] leafHash) {
    }

    private record Outcome(State state, AppendReport report) {
    }

    private record State(LeaseGrant grant, CompactRange range, StoredCheckpoint latest, long lastSealMillis,
                         Map<TopicPartitionKey, Long> positions) {

        State advanced(CompactRange grown, Map<TopicPartitionKey, Long> newPositions) {
            return new State(grant, grown, latest, lastSealMillis, newPositions);
        }

        State sealed(StoredCheckpoint checkpoint, long now) {
            return new State(grant, range, checkpoint, now, positions);
        }
    }
}
