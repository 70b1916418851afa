package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.testing.CliProcess;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Altering any stored byte (a leaf hash, an envelope, an interior node, a checkpoint) directly in the database is
 * detected by {@code audit}, which exits non-zero and names what failed. Each case restores the byte afterwards.
 */
@ExtendWith(SharedKafka.Extension.class)
class TamperDetectionIT {

    static final int EVENTS = 600;

    @TempDir
    static Path directory;
    static TestDatabase database;
    static TestDatabase.Connected db;
    static RunningLedger ledger;
    static String key;
    static List<Long> checkpointSizes = new ArrayList<>();

    @BeforeAll
    static void ledgerWithEvents() {
        database = TestDatabase.create();
        String topic = "registry.events.tamper-" + UUID.randomUUID();
        ledger = RunningLedger.start(database, SharedKafka.bootstrapServers(), topic, directory.resolve("key.pem"), Map.of());
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            envelopes.add(Envelopes.accountOpened(i));
        }
        try (EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {
            producer.sendAll(envelopes.subList(0, 300));
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == 300);
            producer.sendAll(envelopes.subList(300, EVENTS));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == EVENTS);
        key = ledger.http.get("/api/public-key").body().strip();
        ledger.http.get("/api/checkpoints").json().forEach(entry -> checkpointSizes.add(entry.get("treeSize").asLong()));
        db = database.connect();
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    @AfterEach
    void theRestoredLedgerAuditsCleanAgain() {
        assertThat(audit().exitCode()).isZero();
    }

    @Test
    void anUntouchedLedgerPassesTheAuditOfTheRunnableJar() throws Exception {
        CliProcess.Result result = CliProcess.run("audit", "--url", ledger.baseUrl(), "--key", key);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("ok checkpoints: " + checkpointSizes.size() + " checkpoints",
                "ok stored nodes: 2 interior nodes", "VERIFIED: test.example/ledger at tree size " + EVENTS);

        Path proof = directory.resolve("proof.json");
        Files.write(proof, ledger.http.get("/api/proofs/inclusion?eventId="
                + ledger.http.get("/api/leaves?start=42&end=43").json().get("leaves").get(0).get("eventId").asText()).bytes());
        CliProcess.Result verified = CliProcess.run("verify", "--key", key, "--proof", proof.toString());
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("VERIFIED: event").doesNotContain("Spring");
    }

    @Test
    void analteredLeafHashIsNamed() {
        tamperBytes("ledger_leaf", "leaf_hash", "leaf_index = 123", 5, () -> assertFails("FAILED leaf 123:",
                "the stored leaf hash", "is not SHA-256(0x00 || envelope)"));
    }

    @Test
    void anAlteredEnvelopeByteIsNamed() {
        byte[] envelope = db.jdbc().queryForObject("SELECT envelope FROM ledger_leaf WHERE leaf_index = 321", byte[].class);
        int letter = new String(envelope, StandardCharsets.UTF_8).indexOf("Organisation");
        // Still canonical JSON, one letter of the organisation's name changed: only the hash can tell.
        tamperBytes("ledger_leaf", "envelope", "leaf_index = 321", letter,
                () -> assertFails("FAILED leaf 321:", "is not SHA-256(0x00 || envelope)"));
        // A byte that breaks the JSON itself.
        tamperBytes("ledger_leaf", "envelope", "leaf_index = 321", 0,
                () -> assertFails("FAILED leaf 321:", "not a canonical event envelope"));
    }

    @Test
    void anAlteredInteriorNodeIsNamed() {
        tamperBytes("ledger_node", "hash", "node_level = 8 AND node_index = 1", 31,
                () -> assertFails("FAILED stored nodes:", "the stored node at level 8 index 1 (leaves 256 to 511)"));
    }

    @Test
    void anAlteredCheckpointIsNamed() {
        long second = checkpointSizes.get(1);
        String note = db.jdbc().queryForObject("SELECT note FROM ledger_checkpoint WHERE tree_size = ?", String.class, second);
        String[] lines = note.split("\n", -1);
        char first = lines[2].charAt(0);
        lines[2] = (first == 'A' ? 'B' : 'A') + lines[2].substring(1);
        db.jdbc().update("UPDATE ledger_checkpoint SET note = ? WHERE tree_size = ?", String.join("\n", lines), second);
        try {
            assertFails("FAILED checkpoints:", "checkpoint 1:", "invalid signature");
        } finally {
            db.jdbc().update("UPDATE ledger_checkpoint SET note = ? WHERE tree_size = ?", note, second);
        }
    }

    @Test
    void aCheckpointMovedToAnotherTreeSizeIsNamed() {
        long first = checkpointSizes.get(0);
        db.jdbc().update("UPDATE ledger_checkpoint SET tree_size = ? WHERE tree_size = ?", first - 1, first);
        try {
            assertFails("FAILED checkpoints:", "checkpoint 0 is listed at tree size " + (first - 1)
                    + " but its signed note says " + first);
        } finally {
            db.jdbc().update("UPDATE ledger_checkpoint SET tree_size = ? WHERE tree_size = ?", first, first - 1);
        }
    }

    @Test
    void anAlteredByteFailsTheRunnableJarsAuditToo() throws Exception {
        tamperBytes("ledger_leaf", "leaf_hash", "leaf_index = 7", 0, () -> {
            CliProcess.Result result = CliProcess.run("audit", "--url", ledger.baseUrl(), "--key", key);
            assertThat(result.exitCode()).isEqualTo(AuditCli.FAILED);
            assertThat(result.output()).contains("FAILED leaf 7:");
        });
    }

    /** Flips one byte of a BYTEA column of one row, runs the check, and restores the byte. */
    private static void tamperBytes(String table, String column, String where, int position, Check check) {
        byte[] original = db.jdbc().queryForObject("SELECT " + column + " FROM " + table + " WHERE " + where, byte[].class);
        byte[] altered = original.clone();
        altered[position] ^= 0x01;
        db.jdbc().update("UPDATE " + table + " SET " + column + " = ? WHERE " + where, (Object) altered);
        try {
            check.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            db.jdbc().update("UPDATE " + table + " SET " + column + " = ? WHERE " + where, (Object) original);
        }
    }

    private static void assertFails(String... fragments) {
        Audit result = audit();
        assertThat(result.exitCode()).as(result.err()).isEqualTo(AuditCli.FAILED);
        assertThat(result.err()).contains(fragments);
    }

    private record Audit(int exitCode, String out, String err) {
    }

    private static Audit audit() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCli.run(new String[] {"audit", "--url", ledger.baseUrl(), "--key", key},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Audit(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @FunctionalInterface
    private interface Check {
        void run() throws Exception;
    }
}
