package org.carbonregistry.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.LedgerHttp.Response;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.HttpTileSource;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.carbonregistry.ledger.tiles.TiledTree;
import org.carbonregistry.ledger.tiles.Tiles;
import org.carbonregistry.ledger.verify.TlogProof;
import org.carbonregistry.ledger.verify.VerifyCli;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiled log over real HTTP: a read-only ledger (the service, sequencer off) serves a database that a
 * {@link LedgerWriter} filled directly, 70,000 signed leaves with checkpoints sealed at the sizes around the tile
 * boundaries, a real witness cosigning them. Roots are rebuilt from the served tiles with ledger-core's client.
 */
// 70,000 leaves take minutes to write on PostgreSQL: CI runs it in the H2 pass (tag "slow"), and LedgerServiceIT reads
// tiles on PostgreSQL too.
@Tag("slow")
class TiledLogIT {

    static final long[] SIZES = {1, 255, 256, 257, 65_536, 70_000};
    static final long FINAL = 70_000;

    @TempDir
    static Path directory;

    static TestDatabase database;
    static TestDatabase.Connected db;
    static WriterFixture fixture;
    static TestWitness witness;
    static WitnessPublisher publisher;
    static RunningLedger ledger;
    static final List<byte[]> envelopes = new ArrayList<>();
    /** /log/checkpoint as served while each size was the latest checkpoint. */
    static final Map<Long, String> servedCheckpoints = new LinkedHashMap<>();

    @BeforeAll
    static void aLogOf70000LeavesServedByTheLedger() throws Exception {
        database = TestDatabase.create();
        db = database.connect();
        var key = Ed25519.generate();
        Path keyFile = directory.resolve("signing-key.pem");
        SigningKeys.write(keyFile, key.getPrivate());
        fixture = new WriterFixture(db, key);
        LedgerWriter writer = fixture.openWriter("sequencer", 1_000_000);
        witness = TestWitness.start("witness.test/w1", fixture.signer.verifierKey());
        publisher = fixture.witnessPublisher(witness);
        writer.addListener(publisher);
        ledger = RunningLedger.start(database, "127.0.0.1:1", "unused", keyFile, Map.of(
                "ledger.sequencer.enabled", "false", "ledger.witness.witnesses", witness.configEntry(),
                "ledger.witness.quorum", "any"));

        for (long size : SIZES) {
            List<IncomingRecord> records = new ArrayList<>();
            while (envelopes.size() < size) {
                int number = envelopes.size();
                envelopes.add(Envelopes.accountOpened(number));
                records.add(TestRegistry.signedRecord("registry.events", 0, number, envelopes.get(number)));
                if (records.size() == 5000 || envelopes.size() == size) {
                    writer.append(records);
                    records = new ArrayList<>();
                }
            }
            writer.sealNow().orElseThrow();
            servedCheckpoints.put(size, ledger.http.get("/log/checkpoint").body());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !fixture.storage.checkpoints().cosignatures(FINAL).isEmpty());
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

    static HttpTileSource tiles() {
        return HttpTileSource.of(ledger.baseUrl() + "/log");
    }

    @Test
    void theRootRebuiltFromTheServedTilesIsTheCheckpointsRootAtEverySize() throws Exception {
        Checkpoint previous = null;
        for (long size : SIZES) {
            String served = servedCheckpoints.get(size);
            Checkpoint checkpoint = fixture.signer.verifier().verify(served);
            assertThat(checkpoint.treeSize()).isEqualTo(size);
            assertThat(checkpoint.prevNoteHash()).as("a plain checkpoint has no extension line").isEmpty();
            TiledTree tree = new TiledTree(size, tiles());
            assertThat(tree.root()).as("root of size %d from tiles", size).isEqualTo(checkpoint.rootHash());
            if (previous != null) {
                tree.verifyConsistency(previous.treeSize(), previous.rootHash(), checkpoint.rootHash());
            }
            previous = checkpoint;
        }
    }

    @Test
    void partialTilesAtEveryWidthAreThePrefixOfTheFullTile() throws Exception {
        HttpTileSource source = tiles();
        for (int level = 0; level <= 1; level++) {
            byte[] full = source.read(TileAddress.hashes(level, 0, 256));
            assertThat(full).hasSize(256 * 32);
            for (int width = 1; width < 256; width++) {
                byte[] partial = source.read(TileAddress.hashes(level, 0, width));
                assertThat(partial).as("tile/%d/000.p/%d", level, width).isEqualTo(java.util.Arrays.copyOf(full, width * 32));
            }
        }
        // The level 0 tile is the leaf hashes, the level 1 tile the roots of the full level 0 tiles.
        List<byte[]> level0 = Tiles.decodeHashes(source.read(TileAddress.hashes(0, 0, 256)), 256);
        for (int i = 0; i < 256; i++) {
            assertThat(level0.get(i)).isEqualTo(MerkleHash.leafHash(envelopes.get(i)));
        }
        List<byte[]> level1 = Tiles.decodeHashes(source.read(TileAddress.hashes(1, 0, 256)), 256);
        assertThat(level1.get(0)).isEqualTo(MerkleHash.subtreeRoot(level0));
    }

    @Test
    void entryBundlesDecodeToTheLeavesEnvelopes() throws Exception {
        HttpTileSource source = tiles();
        for (TileAddress bundle : List.of(TileAddress.entries(0, 256), TileAddress.entries(1, 256),
                TileAddress.entries(273, 112), TileAddress.entries(273, 5))) {
            List<byte[]> entries = EntryBundle.decode(source.read(bundle));
            assertThat(entries).hasSize(bundle.width());
            for (int i = 0; i < entries.size(); i++) {
                assertThat(entries.get(i)).isEqualTo(envelopes.get((int) bundle.firstNode() + i));
            }
        }
        TiledTree tree = new TiledTree(FINAL, source);
        List<byte[]> tail = tree.entries(69_900, FINAL);
        assertThat(tail).hasSize(100);
        assertThat(tail.get(99)).isEqualTo(envelopes.get(69_999));
    }

    @Test
    void tilesAreImmutableOctetStreams() {
        for (String path : List.of("/log/tile/0/000", "/log/tile/1/000.p/7", "/log/tile/2/000.p/1", "/log/tile/entries/273.p/112")) {
            Response response = ledger.http.get(path);
            assertThat(response.status()).as(path).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(response.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        }
        Response checkpoint = ledger.http.get("/log/checkpoint");
        assertThat(checkpoint.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
        assertThat(checkpoint.header("Cache-Control")).isEqualTo("no-cache");
    }

    @Test
    void tilesBeyondTheTreeAreNotFoundProblems() {
        for (String path : List.of("tile/0/274", "tile/0/273", "tile/0/273.p/113", "tile/1/001.p/18", "tile/1/002.p/1",
                "tile/2/000", "tile/3/000.p/1", "tile/entries/274.p/1", "tile/entries/273.p/113")) {
            assertProblem(path, 404, path + " is beyond the tree of the latest checkpoint (size 70000)");
        }
        assertThat(ledger.http.get("/log/tile/0/273.p/113").json().get("detail").asText())
                .endsWith("the tree has 70000; this index has tile/0/273.p/112");
    }

    @Test
    void malformedTilePathsAreBadRequestProblems() {
        for (String path : List.of("tile/0/1", "tile/00/000", "tile/0/x000/001", "tile/0/000.p/256", "tile/0/000.p/0",
                "tile/64/000", "tile/entries/000.p/08", "tile/x/000", "tile/0")) {
            assertProblem(path, 400, "is not a c2sp.org/tlog-tiles path");
        }
    }

    private static void assertProblem(String path, int status, String detail) {
        Response response = ledger.http.get("/log/" + path);
        assertThat(response.status()).as(path).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asText()).as(path).contains(detail);
    }

    @Test
    void theCheckpointCarriesTheWitnessCosignatureAndThePolicyNamesTheKeys() throws Exception {
        String served = ledger.http.get("/log/checkpoint").body();
        assertThat(fixture.signer.verifier().verify(served).treeSize()).isEqualTo(FINAL);
        assertThat(CosignatureVerifier.fromVerifierKey(witness.verifierKey()).verify(served).witnessName())
                .isEqualTo("witness.test/w1");

        TlogPolicy policy = TlogPolicy.parse(ledger.http.get("/log/policy").bytes());
        assertThat(policy.logs()).extracting(log -> log.key().encode())
                .containsExactly(ledger.http.get("/api/public-key").body().strip());
        assertThat(policy.witnesses()).extracting(w -> w.key().encode()).containsExactly(witness.verifierKey());
        assertThat(policy.quorum()).isEqualTo("witness.test/w1");
        assertThat(policy.verify(served).quorumMet()).isTrue();
    }

    @Test
    void aServedTlogProofVerifiesOfflineAndATamperedOneOrAnUnmetQuorumFails() throws Exception {
        String eventId = Envelopes.eventIdOf(envelopes.get(65_537));
        Response response = ledger.http.get("/api/proofs/tlog-proof?eventId=" + eventId);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualTo("text/plain;charset=utf-8");
        TlogProof proof = TlogProof.parse(response.bytes());
        assertThat(proof.index()).isEqualTo(65_537);
        assertThat(proof.extra()).contains(envelopes.get(65_537));
        Path proofFile = Files.write(directory.resolve("event.tlog-proof"), response.bytes());
        Path policyFile = Files.write(directory.resolve("policy.txt"), ledger.http.get("/log/policy").bytes());

        Cli verified = Cli.run("verify", "--tlog-proof", proofFile.toString(), "--policy", policyFile.toString(),
                "--event-id", eventId);
        assertThat(verified.exitCode).as(verified.toString()).isZero();
        assertThat(verified.out).contains("ok cosignature: witness witness.test/w1 cosigned at",
                "VERIFIED: event " + eventId + " is leaf 65537 of test.example/ledger at tree size 70000, cosigned by witness.test/w1");

        Path tampered = Files.writeString(directory.resolve("tampered.tlog-proof"),
                new TlogProof(proof.extra(), 65_536, proof.inclusionProof(), proof.checkpoint()).encode());
        Cli failed = Cli.run("verify", "--tlog-proof", tampered.toString(), "--policy", policyFile.toString());
        assertThat(failed.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(failed.err).startsWith("FAILED inclusion proof:");

        // A policy that also needs a second witness, which never cosigned.
        TestWitness absent = TestWitness.start("witness.test/w2", fixture.signer.verifierKey());
        absent.close();
        TlogPolicy served = TlogPolicy.parse(Files.readAllBytes(policyFile));
        List<TlogPolicy.Witness> both = new ArrayList<>(served.witnesses());
        both.add(new TlogPolicy.Witness("witness.test/w2",
                org.carbonregistry.ledger.checkpoint.VerifierKey.parse(absent.verifierKey()), null));
        Path strict = Files.writeString(directory.resolve("strict.txt"),
                TlogPolicy.of(served.logs().get(0).key(), both, "all", "witnesses").encode());
        Cli unmet = Cli.run("verify", "--tlog-proof", proofFile.toString(), "--policy", strict.toString());
        assertThat(unmet.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(unmet.err).startsWith("FAILED witness quorum: cosigned by witness.test/w1; the policy's quorum"
                + " witnesses is not met");
    }

    @Test
    void aTlogProofForAnUnknownEventIsAProblem() {
        Response response = ledger.http.get("/api/proofs/tlog-proof?eventId=00000000-0000-4000-8000-000000000000");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(ledger.http.get("/api/proofs/tlog-proof?eventId=nope").status()).isEqualTo(400);
    }

    record Cli(int exitCode, String out, String err) {
        static Cli run(String... args) {
            var out = new java.io.ByteArrayOutputStream();
            var err = new java.io.ByteArrayOutputStream();
            int code = VerifyCli.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                    new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
