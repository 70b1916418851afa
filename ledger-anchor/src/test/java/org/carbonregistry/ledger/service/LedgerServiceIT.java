package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.events.CanonicalJson;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.checkpoint.ChainVerifier;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.LedgerHttp.Response;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.tiles.HttpTileSource;
import org.carbonregistry.ledger.tiles.TiledTree;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.VerifyCli;
import org.carbonregistry.ledger.witness.CheckpointFileSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service against a real broker: canonical envelopes in (with redeliveries and garbage), every read endpoint
 * out, checked with the offline verifier and the audit.
 */
@ExtendWith(SharedKafka.Extension.class)
class LedgerServiceIT {

    static final int EVENTS = 300;
    static final int REDELIVERED = 20;

    @TempDir
    static Path directory;
    static RunningLedger ledger;
    static List<byte[]> envelopes = new ArrayList<>();
    static String verifierKey;
    static TestWitness witness;
    static TestDatabase database;

    @BeforeAll
    static void ledgerWithEvents() throws Exception {
        String topic = "registry.events.service-" + UUID.randomUUID();
        Path signingKey = directory.resolve("signing-key.pem");
        String logKey = new NoteSigner("test.example/ledger", SigningKeys.loadOrGenerate(signingKey)).verifierKey();
        witness = TestWitness.start("witness.test/w1", logKey);
        database = TestDatabase.create();
        ledger = RunningLedger.start(database, SharedKafka.bootstrapServers(), topic, signingKey,
                Map.of("ledger.checkpoint.directory", directory.resolve("checkpoints").toString(),
                        "ledger.checkpoint.max-leaves", "120",
                        "ledger.witness.witnesses", witness.configEntry()));
        for (int i = 0; i < EVENTS; i++) {
            envelopes.add(Envelopes.accountOpened(i));
        }
        // Three rounds, each waited for, so that there are several checkpoints to chain and prove between.
        try (EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {
            producer.sendAll(envelopes.subList(0, 100));
            producer.sendAll(envelopes.subList(0, REDELIVERED));
            producer.sendAll(List.of("{ \"not\": \"canonical\" }".getBytes(StandardCharsets.UTF_8),
                    "garbage".getBytes(StandardCharsets.UTF_8)));
            producer.send("tombstone", null);
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == 100);
            producer.sendAll(envelopes.subList(100, 200));
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == 200);
            producer.sendAll(envelopes.subList(200, EVENTS));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == EVENTS);
        verifierKey = ledger.http.get("/api/public-key").body().strip();
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (witness != null) {
            witness.close();
        }
    }

    @Test
    void publishesTheNoteVerifierKeyNamedByTheOrigin() throws Exception {
        Response response = ledger.http.get("/api/public-key");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain");
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(verifierKey);
        assertThat(verifier.name()).isEqualTo("test.example/ledger");
        assertThat(verifierKey).matches("test\\.example/ledger\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
    }

    @Test
    void servesSignedHashChainedCheckpoints() throws Exception {
        Response latest = ledger.http.get("/api/checkpoints/latest", "text/plain");
        assertThat(latest.status()).isEqualTo(200);
        assertThat(latest.header("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        Checkpoint checkpoint = NoteVerifier.fromVerifierKey(verifierKey).verify(latest.bytes());
        assertThat(checkpoint.treeSize()).isEqualTo(EVENTS);

        JsonNode list = ledger.http.get("/api/checkpoints?after=0").json();
        List<String> notes = new ArrayList<>();
        list.forEach(entry -> notes.add(entry.get("note").asText()));
        List<Checkpoint> chain = new ChainVerifier(NoteVerifier.fromVerifierKey(verifierKey)).verifyFromGenesis(notes);
        assertThat(chain).hasSizeGreaterThanOrEqualTo(3);
        assertThat(chain.get(chain.size() - 1)).isEqualTo(checkpoint);
        assertThat(list.get(0).get("rootHash").asText()).isEqualTo(Base64.getEncoder().encodeToString(chain.get(0).rootHash()));

        long first = chain.get(0).treeSize();
        assertThat(ledger.http.get("/api/checkpoints/" + first).body()).isEqualTo(notes.get(0));
        assertThat(ledger.http.get("/api/checkpoints?after=" + first + "&limit=1").json().get(0).get("treeSize").asLong())
                .isEqualTo(chain.get(1).treeSize());

        Response missing = ledger.http.get("/api/checkpoints/" + (EVENTS + 1), "text/plain");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(missing.json().get("detail").asText()).contains("no checkpoint at tree size " + (EVENTS + 1));
    }

    @Test
    void inclusionProofsVerifyOfflineAgainstLatestAndOlderCheckpoints() throws Exception {
        String eventId = Envelopes.eventIdOf(envelopes.get(77));
        Response response = ledger.http.get("/api/proofs/inclusion?eventId=" + eventId);
        assertThat(response.status()).isEqualTo(200);
        InclusionProofDocument proof = InclusionProofDocument.parse(response.bytes());
        assertThat(proof.eventId()).isEqualTo(eventId);
        assertThat(proof.treeSize()).isEqualTo(EVENTS);
        assertThat(proof.envelope()).isEqualTo(envelopes.get(77));
        assertThat(verify("verify", "--proof", write("proof.json", response.bytes()))).contains("VERIFIED: event " + eventId);

        long firstCheckpoint = ledger.http.get("/api/checkpoints?limit=1").json().get(0).get("treeSize").asLong();
        String early = Envelopes.eventIdOf(envelopes.get(0));
        Response older = ledger.http.get("/api/proofs/inclusion?eventId=" + early + "&treeSize=" + firstCheckpoint);
        assertThat(InclusionProofDocument.parse(older.bytes()).treeSize()).isEqualTo(firstCheckpoint);
        assertThat(verify("verify", "--proof", write("older.json", older.bytes()))).contains("VERIFIED");

        String late = Envelopes.eventIdOf(envelopes.get(EVENTS - 1));
        Response notCovered = ledger.http.get("/api/proofs/inclusion?eventId=" + late + "&treeSize=" + firstCheckpoint);
        assertThat(notCovered.status()).isEqualTo(404);
        assertThat(notCovered.json().get("detail").asText()).contains("does not cover");
    }

    @Test
    void answersWithProblemsThatSayWhatIsWrong() {
        Response unknown = ledger.http.get("/api/proofs/inclusion?eventId=" + UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Retry-After")).isEqualTo("1");
        assertThat(unknown.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(unknown.json().get("detail").asText()).contains("is not in the ledger (yet)");

        Response notUuid = ledger.http.get("/api/proofs/inclusion?eventId=42");
        assertThat(notUuid.status()).isEqualTo(400);
        assertThat(notUuid.json().get("detail").asText()).contains("eventId must be a UUID");

        Response notACheckpoint = ledger.http.get("/api/proofs/inclusion?eventId=" + Envelopes.eventIdOf(envelopes.get(1))
                + "&treeSize=7");
        assertThat(notACheckpoint.status()).isEqualTo(404);
        assertThat(notACheckpoint.json().get("detail").asText()).contains("no checkpoint at tree size 7");

        Response backwards = ledger.http.get("/api/proofs/consistency?from=" + EVENTS + "&to=1");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("detail").asText()).contains("must not be larger than to");

        Response missingParameter = ledger.http.get("/api/proofs/consistency?from=1");
        assertThat(missingParameter.status()).isEqualTo(400);
        assertThat(missingParameter.header("Content-Type")).isEqualTo("application/problem+json");

        assertThat(ledger.http.get("/api/leaves?start=0&end=5000").status()).isEqualTo(400);
        assertThat(ledger.http.get("/api/nodes?level=3&start=0&end=1").json().get("detail").asText())
                .contains("level must be a positive multiple of 8");
    }

    @Test
    void consistencyProofsVerifyOffline() throws Exception {
        JsonNode checkpoints = ledger.http.get("/api/checkpoints").json();
        JsonNode oldest = checkpoints.get(0);
        JsonNode newest = checkpoints.get(checkpoints.size() - 1);
        Response proof = ledger.http.get("/api/proofs/consistency?from=" + oldest.get("treeSize") + "&to=" + newest.get("treeSize"));
        assertThat(proof.status()).isEqualTo(200);

        String output = verify("verify-consistency", "--old", write("old.txt", oldest.get("note").asText().getBytes(StandardCharsets.UTF_8)),
                "--new", write("new.txt", newest.get("note").asText().getBytes(StandardCharsets.UTF_8)),
                "--proof", write("consistency.json", proof.bytes()));
        assertThat(output).contains("is an append-only extension of tree size " + oldest.get("treeSize"));
    }

    @Test
    void servesLeavesAndStoredNodesPageByPage() {
        JsonNode page = ledger.http.get("/api/leaves?start=10&end=20").json();
        assertThat(page.get("treeSize").asLong()).isEqualTo(EVENTS);
        assertThat(page.get("leaves")).hasSize(10);
        JsonNode leaf = page.get("leaves").get(0);
        assertThat(leaf.get("leafIndex").asLong()).isEqualTo(10);
        byte[] envelope = Base64.getDecoder().decode(leaf.get("envelope").asText());
        assertThat(CanonicalJson.isCanonical(envelope)).isTrue();
        assertThat(leaf.get("eventId").asText()).isEqualTo(Envelopes.eventIdOf(envelope));

        assertThat(ledger.http.get("/api/leaves?start=290&end=400").json().get("leaves")).hasSize(10);
        assertThat(ledger.http.get("/api/nodes?level=8&start=0&end=10").json().get("hashes")).hasSize(1);
    }

    @Test
    void servesTheSameLogAsTlogTiles() throws Exception {
        // The tile queries on this test's database, PostgreSQL in CI's second pass; TiledLogIT covers every size on H2.
        Checkpoint checkpoint = NoteVerifier.fromVerifierKey(verifierKey).verify(ledger.http.get("/log/checkpoint").bytes());
        assertThat(checkpoint.treeSize()).isEqualTo(EVENTS);
        TiledTree tree = new TiledTree(EVENTS, HttpTileSource.of(ledger.baseUrl() + "/log"));
        tree.verifyRoot(checkpoint.rootHash());
        List<byte[]> entries = tree.entries(250, EVENTS);
        JsonNode leaves = ledger.http.get("/api/leaves?start=250&end=" + EVENTS).json().get("leaves");
        assertThat(entries).hasSize(leaves.size());
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i)).isEqualTo(Base64.getDecoder().decode(leaves.get(i).get("envelope").asText()));
        }
    }

    @Test
    void quarantinesWhatIsNotACanonicalEnvelopeAndCountsIt() {
        JsonNode quarantine = ledger.http.get("/api/quarantine").json();
        assertThat(quarantine).hasSize(3);
        assertThat(quarantine.findValuesAsText("reason")).containsExactlyInAnyOrder("not-canonical", "not-canonical", "tombstone");
        assertThat(quarantine.findValuesAsText("detail")).anySatisfy(detail -> assertThat(detail).contains("a tombstone"));

        assertThat(metric("ledger.records.quarantined")).isEqualTo(3);
        assertThat(metric("ledger.leaves.appended")).isEqualTo(EVENTS);
        assertThat(metric("ledger.records.duplicates")).isEqualTo(REDELIVERED);
        assertThat(metric("ledger.tree.size")).isEqualTo(EVENTS);
        assertThat(ledger.auditor.get("/actuator/prometheus").body()).contains(
                "ledger_records_quarantined_total{reason=\"not-canonical\"} 2.0",
                "ledger_records_quarantined_total{reason=\"tombstone\"} 1.0",
                "ledger_records_quarantined_total{reason=\"bad-signature\"} 0.0");
    }

    @Test
    void isReadyAsTheSequencerWithDatabaseAndKafkaUp() {
        JsonNode readiness = ledger.auditor.get("/actuator/health/readiness").json();
        assertThat(readiness.get("status").asText()).isEqualTo("UP");
        JsonNode sequencer = readiness.path("components").path("sequencer");
        assertThat(sequencer.path("details").path("role").asText()).isEqualTo("SEQUENCER");
        assertThat(sequencer.path("details").path("kafkaReachable").asBoolean()).isTrue();
        assertThat(sequencer.path("details").path("partitions")).isNotEmpty();
        assertThat(readiness.path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aReadOnlyReplicaServesTheSameProofsAndNeverSequences() throws Exception {
        try (RunningLedger replica = RunningLedger.start(database, SharedKafka.bootstrapServers(), "unused-" + UUID.randomUUID(),
                directory.resolve("signing-key.pem"), Map.of("ledger.sequencer.enabled", "false"))) {
            JsonNode readiness = replica.auditor.get("/actuator/health/readiness").json();
            assertThat(readiness.get("status").asText()).isEqualTo("UP");
            assertThat(readiness.path("components").path("sequencer").path("details").path("role").asText()).isEqualTo("DISABLED");
            String eventId = Envelopes.eventIdOf(envelopes.get(123));
            assertThat(replica.http.get("/api/proofs/inclusion?eventId=" + eventId).body())
                    .isEqualTo(ledger.http.get("/api/proofs/inclusion?eventId=" + eventId).body());
            assertThat(replica.http.get("/api/public-key").body()).isEqualTo(ledger.http.get("/api/public-key").body());
        }
    }

    @Test
    void writesEveryCheckpointToTheCheckpointDirectory() throws Exception {
        Path checkpoints = directory.resolve("checkpoints");
        String latest = ledger.http.get("/api/checkpoints/latest").body();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(checkpoints.resolve(CheckpointFileSink.fileName(EVENTS))));
        for (JsonNode entry : ledger.http.get("/api/checkpoints").json()) {
            assertThat(checkpoints.resolve(CheckpointFileSink.fileName(entry.get("treeSize").asLong())))
                    .hasContent(entry.get("note").asText());
        }
        assertThat(Files.readString(checkpoints.resolve("latest.checkpoint"))).isEqualTo(latest);
    }

    @Test
    void storesTheWitnessCosignatureBesideTheCheckpoint() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> latestListed().get("cosignatures").size() == 1);
        JsonNode latest = latestListed();
        JsonNode cosignature = latest.get("cosignatures").get(0);
        assertThat(cosignature.get("witness").asText()).isEqualTo("witness.test/w1");
        // Witnesses cosign the plain checkpoint: the listed note's origin, size and root, without its prev line.
        String[] lines = latest.get("note").asText().split("\n");
        String plainText = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
        assertThat(CosignatureVerifier.fromVerifierKey(witness.verifierKey())
                .verify(plainText + "\n" + cosignature.get("signature").asText() + "\n").timestamp())
                .isEqualTo(cosignature.get("cosignedAt").asLong());
        assertThat(witness.size()).isEqualTo(EVENTS);

        String served = ledger.http.get("/log/checkpoint").body();
        assertThat(served).startsWith(plainText + "\n\u2014 ").endsWith(cosignature.get("signature").asText() + "\n");
        assertThat(CosignatureVerifier.fromVerifierKey(witness.verifierKey()).verify(served).timestamp())
                .isEqualTo(cosignature.get("cosignedAt").asLong());
    }

    private static JsonNode latestListed() {
        JsonNode list = ledger.http.get("/api/checkpoints").json();
        return list.get(list.size() - 1);
    }

    @Test
    void theAuditFindsEverythingInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCli.run(new String[] {"audit", "--url", ledger.baseUrl(), "--key", verifierKey, "--page-size", "64"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok consistency", "VERIFIED: test.example/ledger at tree size " + EVENTS);
    }

    private double metric(String name) {
        return ledger.auditor.get("/actuator/metrics/" + name).json().get("measurements").get(0).get("value").asDouble();
    }

    private static String write(String name, byte[] content) throws Exception {
        Path file = directory.resolve(UUID.randomUUID() + "-" + name);
        Files.write(file, content);
        return file.toString();
    }

    private static String verify(String command, String... options) {
        List<String> args = new ArrayList<>(List.of(command, "--key", verifierKey));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as("verifier output: %s %s", out, err).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
