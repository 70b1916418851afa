package org.carbonregistry.ledger.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.ledger.checkpoint.ChainVerifier;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.storage.OffsetStore.TopicPartitionKey;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredLeaf;
import org.carbonregistry.ledger.storage.StoredSequenceAnomaly;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class LedgerWriterTest {

    static final String TOPIC = "registry.events";

    TestDatabase.Connected db;
    WriterFixture fixture;
    long nextOffset;

    @BeforeEach
    void database() {
        db = TestDatabase.create().connect();
        fixture = new WriterFixture(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void appendsTheRfc9162TreeAndSealsSignedHashChainedCheckpoints() throws Exception {
        LedgerWriter writer = fixture.openWriter("a", 150);
        List<byte[]> envelopes = new ArrayList<>();
        List<AppendReport> reports = new ArrayList<>();
        for (int batch = 0; batch < 3; batch++) {
            List<IncomingRecord> records = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                byte[] envelope = Envelopes.accountOpened(batch * 100 + i);
                envelopes.add(envelope);
                records.add(record(0, envelope));
            }
            reports.add(writer.append(records));
        }
        assertThat(reports).extracting(AppendReport::appended).containsExactly(100, 100, 100);
        assertThat(reports.get(0).sealed()).isEmpty();
        assertThat(reports.get(1).sealed()).map(StoredCheckpoint::treeSize).contains(200L);
        assertThat(reports.get(2).sealed()).isEmpty();
        assertThat(writer.sealNow()).map(StoredCheckpoint::treeSize).contains(300L);
        assertThat(writer.sealNow()).as("nothing to seal: the tree did not grow").isEmpty();

        List<String> notes = fixture.storage.checkpoints().after(0, 100).stream().map(StoredCheckpoint::note).toList();
        List<Checkpoint> chain = new ChainVerifier(fixture.signer.verifier()).verifyFromGenesis(notes);
        assertThat(chain).extracting(Checkpoint::treeSize).containsExactly(200L, 300L);
        assertThat(chain.get(1).origin()).isEqualTo(WriterFixture.ORIGIN);

        CompactRange reference = CompactRange.empty().append(envelopes.stream().map(MerkleHash::leafHash).toList()).range();
        assertThat(chain.get(1).rootHash()).isEqualTo(reference.root());
        StoredLeaf leaf = fixture.storage.leaves().byEventId(Envelopes.eventIdOf(envelopes.get(42))).orElseThrow();
        assertThat(leaf.leafIndex()).isEqualTo(42);
        assertThat(leaf.envelope()).isEqualTo(envelopes.get(42));
        assertThat(leaf.leafHash()).isEqualTo(MerkleHash.leafHash(envelopes.get(42)));
    }

    @Test
    void appendsAnEventIdOnceAndQuarantinesWhatIsNotACanonicalEnvelope() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        UUID sharedId = UUID.randomUUID();
        byte[] first = Envelopes.accountOpened(1);
        byte[] second = Envelopes.accountOpened(sharedId, 2);
        byte[] sameIdOtherBytes = Envelopes.accountOpened(sharedId, 3);
        byte[] prettyPrinted = new String(Envelopes.accountOpened(4), StandardCharsets.UTF_8).replace(",", ", ")
                .getBytes(StandardCharsets.UTF_8);

        AppendReport report = writer.append(List.of(record(0, first), record(1, second), record(0, first),
                record(2, prettyPrinted), record(1, null), record(2, sameIdOtherBytes),
                record(0, "not json".getBytes(StandardCharsets.UTF_8))));

        assertThat(report.appended()).isEqualTo(2);
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.quarantined()).isEqualTo(4);
        assertThat(fixture.storage.leaves().treeSize()).isEqualTo(2);
        assertThat(fixture.storage.quarantine().list(10)).extracting(q -> q.reason())
                .containsExactlyInAnyOrder("not-canonical", "tombstone", "event-id-reused", "not-canonical");
        assertThat(fixture.storage.quarantine().list(10)).extracting(q -> q.detail())
                .anySatisfy(detail -> assertThat(detail).contains("not a canonical RFC 8785 event envelope"))
                .anySatisfy(detail -> assertThat(detail).contains("tombstone"))
                .anySatisfy(detail -> assertThat(detail).contains("event id " + sharedId + " is already in the log with different bytes"));
        assertThat(report.quarantinedByReason()).containsEntry("not-canonical", 2).containsEntry("tombstone", 1)
                .containsEntry("event-id-reused", 1);
        assertThat(fixture.storage.quarantine().list(10)).allSatisfy(q -> assertThat(q.topic()).isEqualTo(TOPIC));

        AppendReport again = writer.append(List.of(record(0, first), record(1, second)));
        assertThat(again.appended()).isZero();
        assertThat(again.duplicates()).isEqualTo(2);
        assertThat(fixture.storage.leaves().treeSize()).isEqualTo(2);
    }

    @Test
    void offsetsCommitWithTheLeavesAndRecordsBelowThemAreSkipped() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        List<IncomingRecord> firstTen = new ArrayList<>();
        for (int offset = 0; offset < 10; offset++) {
            firstTen.add(TestRegistry.signedRecord(TOPIC, 0, offset, Envelopes.accountOpened(offset)));
        }
        writer.append(firstTen);
        List<IncomingRecord> overlapping = new ArrayList<>(firstTen.subList(5, 10));
        for (int offset = 10; offset < 15; offset++) {
            overlapping.add(TestRegistry.signedRecord(TOPIC, 0, offset, Envelopes.accountOpened(offset)));
        }

        AppendReport report = writer.append(overlapping);

        assertThat(report.alreadyApplied()).isEqualTo(5);
        assertThat(report.appended()).isEqualTo(5);
        assertThat(fixture.storage.offsets().all()).containsEntry(new TopicPartitionKey(TOPIC, 0), 15L);
        fixture.clock.advance(Duration.ofMinutes(1));
        LedgerWriter restarted = fixture.openWriter("b", 1_000);
        assertThat(restarted.positions()).isEqualTo(Map.of(new TopicPartitionKey(TOPIC, 0), 15L));
        assertThat(restarted.treeSize()).isEqualTo(15);
    }

    @Test
    void aFailedTransactionLeavesNoLeafNoQuarantineAndNoOffsetBehind() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        writer.append(List.of(record(0, Envelopes.accountOpened(1))));
        // A row in the way of the next leaf index makes the batch insert fail after the quarantine was prepared.
        UUID squatter = UUID.randomUUID();
        db.jdbc().update("INSERT INTO ledger_leaf (leaf_index, event_id, leaf_hash, envelope) VALUES (1, ?, ?, ?)",
                squatter, new byte[32], new byte[] {1});
        Map<TopicPartitionKey, Long> offsetsBefore = fixture.storage.offsets().all();
        List<IncomingRecord> batch = List.of(record(0, "garbage".getBytes(StandardCharsets.UTF_8)),
                record(0, Envelopes.accountOpened(2)), record(0, Envelopes.accountOpened(3)));

        assertThatThrownBy(() -> writer.append(batch)).isInstanceOf(DataIntegrityViolationException.class);

        assertThat(fixture.storage.quarantine().count()).isZero();
        assertThat(fixture.storage.offsets().all()).isEqualTo(offsetsBefore);
        db.jdbc().update("DELETE FROM ledger_leaf WHERE event_id = ?", squatter);
        writer.open(fixture.lease("a", Duration.ofSeconds(30)).tryAcquire().orElseThrow());
        AppendReport retried = writer.append(batch);
        assertThat(retried.appended()).isEqualTo(2);
        assertThat(retried.quarantined()).isEqualTo(1);
        assertThat(fixture.storage.leaves().treeSize()).isEqualTo(3);
    }

    @Test
    void aStaleSequencerIsFencedOffByTheLeaseEpoch() {
        SequencerLease leaseA = fixture.lease("a", Duration.ofSeconds(10));
        SequencerLease leaseB = fixture.lease("b", Duration.ofSeconds(10));
        CheckpointPolicy policy = new CheckpointPolicy(Duration.ofHours(1), 1_000);
        LedgerWriter writerA = fixture.writer(leaseA, policy);
        LedgerWriter writerB = fixture.writer(leaseB, policy);
        LeaseGrant grantA = leaseA.tryAcquire().orElseThrow();
        writerA.open(grantA);
        writerA.append(List.of(record(0, Envelopes.accountOpened(1))));

        assertThat(leaseB.tryAcquire()).as("B while A's lease runs").isEmpty();
        fixture.clock.advance(Duration.ofSeconds(11));
        LeaseGrant grantB = leaseB.tryAcquire().orElseThrow();
        assertThat(grantB.epoch()).isEqualTo(grantA.epoch() + 1);

        assertThatThrownBy(() -> writerA.append(List.of(record(0, Envelopes.accountOpened(2)))))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("taken over by b");
        assertThatThrownBy(writerA::sealNow).isInstanceOf(LeaseLostException.class);
        assertThat(leaseA.renew(grantA)).isFalse();
        assertThat(fixture.storage.leaves().treeSize()).isEqualTo(1);
        assertThat(fixture.storage.checkpoints().count()).isZero();

        writerB.open(grantB);
        writerB.append(List.of(record(0, Envelopes.accountOpened(3))));
        assertThat(writerB.sealNow()).map(StoredCheckpoint::treeSize).contains(2L);
        assertThat(leaseA.tryAcquire()).as("A while B's lease runs").isEmpty();
        leaseB.release(grantB);
        assertThat(leaseA.tryAcquire()).as("A once B released it").isPresent();
    }

    @Test
    void aReopenedWriterContinuesTheTreeAndTheChain() throws Exception {
        LedgerWriter first = fixture.openWriter("a", 1_000);
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            envelopes.add(Envelopes.accountOpened(i));
        }
        first.append(envelopes.subList(0, 257).stream().map(envelope -> record(0, envelope)).toList());
        first.sealNow();
        first.close();
        fixture.clock.advance(Duration.ofMinutes(1));

        LedgerWriter second = fixture.openWriter("b", 1_000);
        second.append(envelopes.subList(257, 300).stream().map(envelope -> record(0, envelope)).toList());
        second.sealNow();

        List<String> notes = fixture.storage.checkpoints().after(0, 10).stream().map(StoredCheckpoint::note).toList();
        List<Checkpoint> chain = new ChainVerifier(fixture.signer.verifier()).verifyFromGenesis(notes);
        assertThat(chain).extracting(Checkpoint::treeSize).containsExactly(257L, 300L);
        byte[] expected = CompactRange.empty().append(envelopes.stream().map(MerkleHash::leafHash).toList()).root();
        assertThat(chain.get(1).rootHash()).isEqualTo(expected);
    }

    @Test
    void refusesToExtendALogSignedByAnotherKey() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        writer.append(List.of(record(0, Envelopes.accountOpened(1))));
        writer.sealNow();

        fixture.clock.advance(Duration.ofMinutes(1));
        SequencerLease lease = fixture.lease("b", Duration.ofSeconds(30));
        LedgerWriter impostor = fixture.writer(lease, new CheckpointPolicy(Duration.ofHours(1), 1_000),
                new NoteSigner(WriterFixture.ORIGIN, Ed25519.generate()));
        LeaseGrant grant = lease.tryAcquire().orElseThrow();

        assertThatThrownBy(() -> impostor.open(grant)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to extend a log signed by another key");
    }

    @Test
    void refusesToOpenATreeWhoseStoredLeavesNoLongerGiveTheCheckpointRoot() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        writer.append(List.of(record(0, Envelopes.accountOpened(1)), record(0, Envelopes.accountOpened(2))));
        writer.sealNow();
        db.jdbc().update("UPDATE ledger_leaf SET leaf_hash = ? WHERE leaf_index = 1", (Object) new byte[32]);
        fixture.clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> fixture.openWriter("b", 1_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not have the root of the latest checkpoint");
    }

    @Test
    void onlyRecordsTheRegistrySignedBecomeLeavesTheRestAreQuarantinedAsBadSignature() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        byte[] unsigned = Envelopes.accountOpened(1);
        byte[] byAnotherKey = Envelopes.accountOpened(2);
        SignedEnvelope impostor = new EnvelopeSigner(TestRegistry.KEY_NAME, Ed25519.generate()).sign(byAnotherKey);
        byte[] original = Envelopes.accountOpened(3);
        SignedEnvelope signedOriginal = TestRegistry.sign(original);
        byte[] changedAfterSigning = new String(original, StandardCharsets.UTF_8).replace("Organisation 3", "Organisation 4")
                .getBytes(StandardCharsets.UTF_8);
        byte[] genuine = Envelopes.accountOpened(5);

        AppendReport report = writer.append(List.of(
                new IncomingRecord(TOPIC, 0, nextOffset++, null, unsigned),
                new IncomingRecord(TOPIC, 0, nextOffset++, null, byAnotherKey, impostor.signature(), impostor.keyId()),
                new IncomingRecord(TOPIC, 0, nextOffset++, null, changedAfterSigning, signedOriginal.signature(),
                        signedOriginal.keyId()),
                new IncomingRecord(TOPIC, 0, nextOffset++, null, genuine, "not base64!", TestRegistry.sign(genuine).keyId()),
                record(0, genuine)));

        assertThat(report.appended()).isEqualTo(1);
        assertThat(report.quarantinedByReason()).isEqualTo(Map.of("bad-signature", 4));
        assertThat(fixture.storage.leaves().treeSize()).isEqualTo(1);
        assertThat(fixture.storage.leaves().byEventId(Envelopes.eventIdOf(genuine))).isPresent();
        assertThat(fixture.storage.quarantine().list(10)).allSatisfy(q -> assertThat(q.reason()).isEqualTo("bad-signature"))
                .extracting(q -> q.detail()).containsExactly(
                        "the record has no registry-signature or registry-key-id header",
                        "signed with key " + impostor.keyId() + ", which is not a trusted registry key",
                        "the signature of key " + signedOriginal.keyId() + " does not verify over the record's bytes",
                        "the signature is not base64");
        assertThat(fixture.storage.offsets().all()).containsEntry(new TopicPartitionKey(TOPIC, 0), nextOffset);
    }

    @Test
    void theRegistrysSignatureIsStoredBesideTheLeaf() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        byte[] envelope = Envelopes.accountOpened(1);
        SignedEnvelope signed = TestRegistry.sign(envelope);

        writer.append(List.of(record(0, envelope)));

        StoredLeaf leaf = fixture.storage.leaves().byEventId(Envelopes.eventIdOf(envelope)).orElseThrow();
        assertThat(leaf.registrySignature()).isEqualTo(signed.signature());
        assertThat(leaf.registryKeyId()).isEqualTo(signed.keyId());
        assertThat(fixture.storage.leaves().range(0, 1).get(0).registrySignature()).isEqualTo(signed.signature());
    }

    @Test
    void aGapOrARepeatInAnAggregatesSequenceIsRecordedAndTheEventStillAppended() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        byte[] repeated = Envelopes.inSequence("batch-1", 1);
        byte[] afterGap = Envelopes.inSequence("batch-1", 4);
        byte[] lateStart = Envelopes.inSequence("batch-2", 2);

        AppendReport first = writer.append(List.of(record(0, Envelopes.inSequence("batch-1", 0)),
                record(0, Envelopes.inSequence("batch-1", 1)), record(0, repeated), record(1, Envelopes.inSequence("batch-3", 0))));
        AppendReport second = writer.append(List.of(record(0, Envelopes.inSequence("batch-1", 2)),
                record(0, afterGap), record(1, lateStart), record(0, Envelopes.inSequence("batch-1", 5)), record(0, repeated)));

        assertThat(first.appended() + second.appended()).isEqualTo(8);
        assertThat(second.duplicates()).as("the same event id again is a redelivery, not a repeat").isEqualTo(1);
        List<StoredSequenceAnomaly> anomalies = fixture.storage.sequences().anomalies(-1, 10);
        assertThat(anomalies).extracting(a -> a.aggregateId() + " " + a.anomaly() + " at leaf " + a.leafIndex())
                .containsExactly(
                        "batch-1 repeat: expected sequence 2, got 1 at leaf 2",
                        "batch-1 gap: expected sequence 3, got 4 at leaf 5",
                        "batch-2 gap: expected sequence 0, got 2 at leaf 6");
        assertThat(anomalies.get(0).eventId()).isEqualTo(Envelopes.eventIdOf(repeated));
        assertThat(first.sequenceAnomalies()).hasSize(1);
        assertThat(second.sequenceAnomalies()).hasSize(2);
        assertThat(fixture.storage.sequences().countByKind()).isEqualTo(Map.of("gap", 2L, "repeat", 1L));
        assertThat(fixture.storage.sequences().lastSequences(List.of("batch-1", "batch-2", "batch-3")))
                .isEqualTo(Map.of("batch-1", 5L, "batch-2", 2L, "batch-3", 0L));
        assertThat(fixture.storage.sequences().trackedLeaves()).isEqualTo(8);
    }

    @Test
    void aLedgerFromBeforeSequenceTrackingReplaysItsOlderLeavesOnceWhenOpened() {
        LedgerWriter writer = fixture.openWriter("a", 1_000);
        writer.append(List.of(record(0, Envelopes.inSequence("batch-1", 0)), record(0, Envelopes.inSequence("batch-1", 2)),
                record(0, Envelopes.inSequence("batch-2", 0))));
        writer.close();
        // As the database of an older ledger: leaves, but no sequence tracking.
        db.jdbc().update("DELETE FROM ledger_sequence_anomaly");
        db.jdbc().update("DELETE FROM ledger_aggregate_sequence");
        fixture.storage.sequences().setTrackedLeaves(0);
        fixture.clock.advance(Duration.ofMinutes(1));

        LedgerWriter reopened = fixture.openWriter("b", 1_000);
        reopened.append(List.of(record(0, Envelopes.inSequence("batch-1", 3)), record(0, Envelopes.inSequence("batch-2", 1))));
        reopened.close();
        fixture.clock.advance(Duration.ofMinutes(1));
        fixture.openWriter("c", 1_000);

        assertThat(fixture.storage.sequences().anomalies(-1, 10)).extracting(a -> a.anomaly().toString() + " at leaf " + a.leafIndex())
                .containsExactly("gap: expected sequence 1, got 2 at leaf 1");
        assertThat(fixture.storage.sequences().trackedLeaves()).isEqualTo(5);
    }

    private IncomingRecord record(int partition, byte[] value) {
        return TestRegistry.signedRecord(TOPIC, partition, nextOffset++, value);
    }
}
