package org.carbonregistry.ledger.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Cosignature;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredCosignature;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tlog-witness client against a real witness server: cosignatures, 409 resends, a witness that is down. */
class WitnessPublisherIT {

    TestDatabase.Connected db;
    WriterFixture fixture;
    LedgerWriter writer;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<AutoCloseable> closing = new ArrayList<>();
    int offset;

    @BeforeEach
    void ledger() {
        db = TestDatabase.create().connect();
        fixture = new WriterFixture(db);
        writer = fixture.openWriter("sequencer", 1_000_000);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        db.close();
    }

    @Test
    void eachNewCheckpointIsCosignedWithAProofFromTheWitnessesLastSize() throws Exception {
        TestWitness witness = witness();
        publisher(witness.configEntry());

        StoredCheckpoint first = grow(100);
        StoredCosignature cosignature = awaitCosignature("witness.test/w1", first.treeSize());
        // Witnesses cosign the plain checkpoint (no prev line) of the same size and root, signed by the log key.
        String plainNote = fixture.signer.sign(Checkpoint.first(WriterFixture.ORIGIN, first.treeSize(),
                fixture.signer.verifier().verify(first.note()).rootHash()));
        Cosignature verified = CosignatureVerifier.fromVerifierKey(witness.verifierKey())
                .verify(plainNote + cosignature.signatureLine() + "\n");
        assertThat(verified.time()).isEqualTo(cosignature.cosignedAt());

        StoredCheckpoint second = grow(57);
        awaitCosignature("witness.test/w1", second.treeSize());
        assertThat(witness.requests()).containsExactly("old=0 size=100 -> 200 proof=0",
                "old=100 size=157 -> 200 proof=" + ProofVerifier.consistencyPathLength(100, 157));
    }

    @Test
    void resendsFromTheSizeAWitnessReportsWithA409() throws Exception {
        TestWitness witness = witness();
        WitnessPublisher first = publisher(witness.configEntry());
        grow(100);
        awaitCosignature("witness.test/w1", 100);
        first.close();

        // A publisher that does not know what the witness holds (as after losing the cosignature rows) starts at 0.
        db.jdbc().update("DELETE FROM ledger_cosignature");
        publisher(witness.configEntry());
        grow(30);
        awaitCosignature("witness.test/w1", 130);

        assertThat(witness.requests()).containsExactly("old=0 size=100 -> 200 proof=0", "old=0 size=130 -> 409",
                "old=100 size=130 -> 200 proof=" + ProofVerifier.consistencyPathLength(100, 130));
    }

    @Test
    void aWitnessThatIsDownNeverStopsSequencingAndCatchesUpWhenBack() throws Exception {
        TestWitness witness = witness();
        publisher(witness.configEntry());
        grow(10);
        awaitCosignature("witness.test/w1", 10);

        witness.stop();
        grow(10);
        grow(10);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("ledger.witness.failures", "witness", "witness.test/w1").count() >= 1);
        StoredCheckpoint whileDown = grow(10);
        assertThat(whileDown.treeSize()).isEqualTo(40);
        assertThat(fixture.storage.checkpoints().cosignatures(40)).isEmpty();

        witness.restart();
        awaitCosignature("witness.test/w1", 40);
        assertThat(witness.size()).isEqualTo(40);
    }

    @Test
    void aCosignatureThatDoesNotVerifyIsNotStored() throws Exception {
        TestWitness honest = witness();
        TestWitness dishonest = TestWitness.startDishonest("witness.test/liar", fixture.signer.verifierKey());
        closing.add(dishonest);
        publisher(honest.configEntry() + "," + dishonest.configEntry());

        grow(25);
        awaitCosignature("witness.test/w1", 25);
        await().atMost(Duration.ofSeconds(10)).until(() -> meters.counter("ledger.witness.failures", "witness", "witness.test/liar").count() >= 1);

        assertThat(dishonest.requests()).isNotEmpty();
        assertThat(fixture.storage.checkpoints().cosignatures(25)).extracting(StoredCosignature::witness)
                .containsExactly("witness.test/w1");
    }

    /** What WitnessedCheckpoints verified is kept per tree size, but a cosignature stored after that is served next. */
    @Test
    void aCosignatureStoredAfterTheCheckpointWasServedIsServedNext() throws Exception {
        TestWitness witness = witness();
        List<WitnessEndpoint> endpoints = WitnessEndpoint.parseAll(witness.configEntry());
        WitnessedCheckpoints checkpoints = new WitnessedCheckpoints(fixture.signer, fixture.storage.checkpoints(),
                endpoints, "");
        StoredCheckpoint checkpoint = grow(10);
        assertThat(checkpoints.witnessed(checkpoint).cosigners()).isEmpty();
        assertThat(checkpoints.witnessed(checkpoint).quorumMet()).isFalse();

        String plainNote = checkpoints.plainNote(checkpoint);
        var answer = (WitnessClient.Cosigned) new WitnessClient(HttpClient.newHttpClient(), Duration.ofSeconds(5))
                .addCheckpoint(endpoints.get(0), 0, List.of(), plainNote);
        String line = answer.signatureLines().strip();
        fixture.storage.checkpoints().addCosignature(new StoredCosignature(10, "witness.test/w1", line,
                CosignatureVerifier.fromVerifierKey(witness.verifierKey()).verify(plainNote + line + "\n").time()));

        WitnessedCheckpoints.Witnessed witnessed = checkpoints.witnessed(checkpoint);
        assertThat(witnessed.cosigners()).containsExactly("witness.test/w1");
        assertThat(witnessed.quorumMet()).isTrue();
        assertThat(witnessed.note()).isEqualTo(plainNote + line + "\n");
        assertThat(checkpoints.witnessed(checkpoint)).isEqualTo(witnessed);
    }

    private TestWitness witness() throws Exception {
        TestWitness witness = TestWitness.start("witness.test/w1", fixture.signer.verifierKey());
        closing.add(witness);
        return witness;
    }

    private WitnessPublisher publisher(String configuration) {
        List<WitnessEndpoint> endpoints = WitnessEndpoint.parseAll(configuration);
        WitnessPublisher publisher = new WitnessPublisher(endpoints, fixture.storage,
                new WitnessedCheckpoints(fixture.signer, fixture.storage.checkpoints(), endpoints, ""), new WitnessClient(HttpClient.newHttpClient(), Duration.ofSeconds(5)), Duration.ofMillis(100),
                Duration.ofMillis(500), meters);
        writer.addListener(publisher);
        closing.add(publisher);
        return publisher;
    }

    private StoredCheckpoint grow(int leaves) {
        List<IncomingRecord> records = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
            records.add(TestRegistry.signedRecord("registry.events", 0, offset, Envelopes.accountOpened(offset)));
            offset++;
        }
        writer.append(records);
        return writer.sealNow().orElseThrow();
    }

    private StoredCosignature awaitCosignature(String witness, long treeSize) {
        await().atMost(Duration.ofSeconds(15)).until(() -> fixture.storage.checkpoints().cosignatures(treeSize).stream()
                .anyMatch(c -> c.witness().equals(witness)));
        return fixture.storage.checkpoints().cosignatures(treeSize).stream().filter(c -> c.witness().equals(witness))
                .findFirst().orElseThrow();
    }
}
