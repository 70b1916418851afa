package org.carbonregistry.ledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} against a ledger that has sealed nothing yet, as right after {@code ./registry up}: there is nothing
 * to audit, with or without {@code --policy} (its {@code /log/checkpoint} answers 404 until the first checkpoint).
 */
class EmptyLedgerAuditIT {

    @TempDir
    static Path directory;

    static TestDatabase.Connected db;
    static WriterFixture fixture;
    static RunningLedger ledger;
    static Path policyFile;

    @BeforeAll
    static void anEmptyLedgerWithAWitnessConfigured() throws Exception {
        TestDatabase database = TestDatabase.create();
        db = database.connect();
        var key = Ed25519.generate();
        Path keyFile = directory.resolve("signing-key.pem");
        SigningKeys.write(keyFile, key.getPrivate());
        fixture = new WriterFixture(db, key);
        String witness;
        try (TestWitness unused = TestWitness.start("witness.test/w1", fixture.signer.verifierKey())) {
            witness = unused.configEntry(); // its key is in the policy; with nothing sealed it is never asked
        }
        ledger = RunningLedger.start(database, "127.0.0.1:1", "unused", keyFile, Map.of(
                "ledger.sequencer.enabled", "false", "ledger.witness.witnesses", witness,
                "ledger.witness.quorum", "any"));
        policyFile = Files.write(directory.resolve("ledger.policy"), ledger.http.get("/log/policy").bytes());
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void withAPolicyTheAuditSaysThereIsNoCheckpointYet() {
        int before = ledger.http.get("/log/checkpoint").status();

        AuditRun audit = audit("--policy", policyFile.toString());

        assertThat(before).isEqualTo(404);
        assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(AuditCli.VALID);
        assertThat(audit.out()).contains("VERIFIED: the ledger has no checkpoint yet; nothing to audit and no checkpoint"
                + " for witnesses to cosign");
        assertThat(audit.err()).isEmpty();
    }

    @Test
    void withoutAPolicyTheAuditSaysTheSame() {
        AuditRun audit = audit();

        assertThat(audit.exitCode()).as(audit.toString()).isEqualTo(AuditCli.VALID);
        assertThat(audit.out()).contains("VERIFIED: the ledger has no checkpoint yet; nothing to audit");
    }

    private static AuditRun audit(String... extra) {
        return AuditRun.of(ledger.baseUrl(), fixture.signer.verifierKey(), extra);
    }
}
