package org.carbonregistry.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit --policy} over real HTTP: a read-only ledger serving a log whose first checkpoint was sealed before the
 * witness was configured and whose latest one a real witness ({@link TestWitness}) cosigned.
 */
class WitnessedAuditIT {

    @TempDir
    static Path directory;

    static TestDatabase database;
    static TestDatabase.Connected db;
    static WriterFixture fixture;
    static TestWitness witness;
    static WitnessPublisher publisher;
    static RunningLedger ledger;
    static Path policyFile;

    @BeforeAll
    static void aLogWhoseLatestCheckpointTheWitnessCosigned() throws Exception {
        database = TestDatabase.create();
        db = database.connect();
        var key = Ed25519.generate();
        Path keyFile = directory.resolve("signing-key.pem");
        SigningKeys.write(keyFile, key.getPrivate());
        fixture = new WriterFixture(db, key);
        LedgerWriter writer = fixture.openWriter("sequencer", 1_000_000);
        append(writer, 0, 10);
        writer.sealNow().orElseThrow();

        // Only now is the witness configured: the checkpoint at 10 stays without a cosignature.
        witness = TestWitness.start("witness.test/w1", fixture.signer.verifierKey());
        publisher = fixture.witnessPublisher(witness);
        writer.addListener(publisher);
        append(writer, 10, 25);
        writer.sealNow().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> !fixture.storage.checkpoints().cosignatures(25).isEmpty());

        ledger = RunningLedger.start(database, "127.0.0.1:1", "unused", keyFile, Map.of(
                "ledger.sequencer.enabled", "false", "ledger.witness.witnesses", witness.configEntry(),
                "ledger.witness.quorum", "any"));
        policyFile = Files.write(directory.resolve("ledger.policy"), ledger.http.get("/log/policy").bytes());
    }

    private static void append(LedgerWriter writer, int from, int to) {
        List<IncomingRecord> records = new ArrayList<>();
        for (int number = from; number < to; number++) {
            records.add(TestRegistry.signedRecord("registry.events", 0, number, Envelopes.accountOpened(number)));
        }
        writer.append(records);
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (witness != null) {
            witness.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theAuditPassesWithTheQuorumMetAndNamesWhoCosignedEachCheckpoint() {
        AuditRun audit = audit("--policy", policyFile.toString());

        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains(
                "witnesses at tree size 10: cosigned by no witness of the policy; quorum witness.test/w1 not met"
                        + " (an older checkpoint: reported, not a failure)",
                "ok witness quorum: the latest checkpoint, tree size 25, is cosigned by witness.test/w1 at ",
                "quorum witness.test/w1 met; 1 other checkpoint(s) without it",
                "VERIFIED: test.example/ledger at tree size 25");
    }

    @Test
    void theAuditFailsWhenThePolicyAsksForAWitnessThatNeverSigned() throws Exception {
        TestWitness absent = TestWitness.start("witness.test/w2", fixture.signer.verifierKey());
        absent.close();
        TlogPolicy served = TlogPolicy.parse(Files.readAllBytes(policyFile));
        List<TlogPolicy.Witness> both = new ArrayList<>(served.witnesses());
        both.add(new TlogPolicy.Witness("witness.test/w2", VerifierKey.parse(absent.verifierKey()), null));
        Path strict = Files.writeString(directory.resolve("strict.policy"),
                TlogPolicy.of(served.logs().get(0).key(), both, "all", "witnesses").encode());

        AuditRun audit = audit("--policy", strict.toString());

        assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(AuditCli.FAILED);
        assertThat(audit.err()).startsWith("FAILED witness quorum: the latest checkpoint, tree size 25, is cosigned by"
                + " witness.test/w1 at ").contains("; the policy's quorum witnesses is not met");
    }

    @Test
    void aPolicyThatDoesNotParseIsAUsageError() throws Exception {
        Path broken = Files.writeString(directory.resolve("broken.policy"), "quorum nobody\n");

        AuditRun audit = audit("--policy", broken.toString());

        assertThat(audit.exitCode()).isEqualTo(AuditCli.USAGE_ERROR);
        assertThat(audit.err()).startsWith("error: --policy " + broken + " is not a c2sp.org/tlog-policy");
    }

    private static AuditRun audit(String... extra) {
        return AuditRun.of(ledger.baseUrl(), fixture.signer.verifierKey(), extra);
    }
}
