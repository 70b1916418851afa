package org.carbonregistry.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSignature;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify --tlog-proof --policy}: a c2sp.org/tlog-proof checked against a c2sp.org/tlog-policy, quorum included. */
class TlogProofVerifyTest {

    static final String ORIGIN = "registry.example/ledger";
    static final int SIZE = 300;
    static final int LEAF = 257;

    @TempDir
    Path directory;

    NoteSigner log;
    List<Witness> witnesses;
    List<byte[]> envelopes;
    Proofs proofs;
    String plainNote;

    record Witness(String name, KeyPair key, VerifierKey vkey) {
        static Witness create(String name) {
            KeyPair key = Ed25519.generate();
            return new Witness(name, key, VerifierKey.of(name, VerifierKey.TYPE_ED25519_COSIGNATURE,
                    Ed25519.rawPublicKey(key.getPublic())));
        }

        /** A cosignature/v1 line on {@code noteText}, as a tlog-witness answers it. */
        String cosign(String noteText, long timestamp) {
            byte[] signature = Ed25519.sign(key.getPrivate(), CosignatureVerifier.signedMessage(timestamp, noteText));
            byte[] payload = ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
            return new NoteSignature(name, vkey.keyId(), payload).line();
        }
    }

    @BeforeEach
    void logAndWitnesses() {
        log = new NoteSigner(ORIGIN, Ed25519.generate());
        witnesses = List.of(Witness.create("w1.example/witness"), Witness.create("w2.example/witness"),
                Witness.create("w3.example/witness"));
        envelopes = new ArrayList<>();
        InMemoryNodeStore store = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < SIZE; i++) {
            String eventId = UUID.nameUUIDFromBytes(("event " + i).getBytes(StandardCharsets.UTF_8)).toString();
            envelopes.add(("{\"actor\":\"a\",\"aggregateId\":\"b\",\"eventId\":\"" + eventId
                    + "\",\"occurredAt\":\"2026-01-02T03:04:05.123Z\",\"payload\":{},\"sequence\":" + i
                    + ",\"type\":\"BatchFrozen\"}").getBytes(StandardCharsets.UTF_8));
            var appended = range.append(List.of(MerkleHash.leafHash(envelopes.get(i))));
            store.write(appended.newNodes());
            range = appended.range();
        }
        proofs = new Proofs(store);
        plainNote = log.sign(Checkpoint.first(ORIGIN, SIZE, range.root()));
    }

    String cosigned(Witness... by) {
        String text = plainNote.substring(0, plainNote.indexOf("\n\n") + 1);
        StringBuilder note = new StringBuilder(plainNote);
        for (Witness witness : by) {
            note.append(witness.cosign(text, 1_767_312_245L));
        }
        return note.toString();
    }

    TlogProof proof(String checkpoint) {
        return new TlogProof(Optional.of(envelopes.get(LEAF)), LEAF, proofs.inclusion(LEAF, SIZE), checkpoint);
    }

    String policy(String rule) throws Exception {
        List<TlogPolicy.Witness> listed = witnesses.stream()
                .map(w -> new TlogPolicy.Witness(w.name().replace(".example/witness", ""), w.vkey(), null)).toList();
        return TlogPolicy.of(VerifierKey.parse(log.verifierKey()), listed, rule, "witnesses").encode();
    }

    VerifyCliTest.Result verify(TlogProof proof, String policy, String... more) throws Exception {
        Path proofFile = Files.writeString(directory.resolve("event.tlog-proof"), proof.encode(), StandardCharsets.UTF_8);
        Path policyFile = Files.writeString(directory.resolve("policy.txt"), policy, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("verify", "--tlog-proof", proofFile.toString(), "--policy",
                policyFile.toString()));
        args.addAll(List.of(more));
        return VerifyCliTest.run(args.toArray(String[]::new));
    }

    @Test
    void aProofCosignedByAQuorumVerifiesAndNamesItsWitnesses() throws Exception {
        VerifyCliTest.Result result = verify(proof(cosigned(witnesses.get(0), witnesses.get(2))), policy("2"));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("ok checkpoint signature", "ok cosignature: witness w1 cosigned at 2026-01-02T00:04:05Z",
                "ok cosignature: witness w3 cosigned", "ok witness quorum: quorum witnesses met by w1, w3",
                "ok inclusion proof: leaf 257", "VERIFIED: event", "cosigned by w1, w3");
        assertThat(result.out()).doesNotContain("witness w2");
    }

    @Test
    void theEventIdCanBeRequired() throws Exception {
        String eventId = UUID.nameUUIDFromBytes(("event " + LEAF).getBytes(StandardCharsets.UTF_8)).toString();
        assertThat(verify(proof(cosigned(witnesses.get(0))), policy("any"), "--event-id", eventId).exitCode()).isZero();
        VerifyCliTest.Result other = verify(proof(cosigned(witnesses.get(0))), policy("any"), "--event-id",
                UUID.randomUUID().toString());
        assertThat(other.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(other.err()).startsWith("FAILED event id:");
    }

    @Test
    void tooFewCosignaturesFailTheQuorum() throws Exception {
        VerifyCliTest.Result result = verify(proof(cosigned(witnesses.get(1))), policy("all"));
        assertThat(result.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err()).startsWith("FAILED witness quorum: cosigned by w2; the policy's quorum witnesses is not met");

        VerifyCliTest.Result none = verify(proof(plainNote), policy("any"));
        assertThat(none.err()).startsWith("FAILED witness quorum: cosigned by no listed witness");
        assertThat(verify(proof(plainNote), policy("none")).exitCode()).as("no cosignature needed").isZero();
    }

    @Test
    void aCosignatureByAnUnlistedWitnessDoesNotCount() throws Exception {
        Witness stranger = Witness.create("w1.example/witness");
        VerifyCliTest.Result result = verify(proof(cosigned(stranger)), policy("any"));
        assertThat(result.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err()).startsWith("FAILED witness quorum");
    }

    @Test
    void tamperedProofsFailNamingTheCheck() throws Exception {
        TlogProof good = proof(cosigned(witnesses.get(0)));
        assertThat(verify(good, policy("any")).exitCode()).isZero();

        byte[] otherEntry = envelopes.get(LEAF + 1);
        TlogProof otherExtra = new TlogProof(Optional.of(otherEntry), LEAF, good.inclusionProof(), good.checkpoint());
        assertThat(verify(otherExtra, policy("any")).err()).startsWith("FAILED inclusion proof:");

        TlogProof otherIndex = new TlogProof(good.extra(), LEAF - 1, good.inclusionProof(), good.checkpoint());
        assertThat(verify(otherIndex, policy("any")).err()).startsWith("FAILED inclusion proof:");

        List<byte[]> path = new ArrayList<>(good.inclusionProof());
        path.get(3)[0] ^= 1;
        TlogProof otherPath = new TlogProof(good.extra(), LEAF, path, good.checkpoint());
        assertThat(verify(otherPath, policy("any")).err()).startsWith("FAILED inclusion proof:");

        String otherSize = good.checkpoint().replaceFirst("\n300\n", "\n299\n");
        assertThat(verify(new TlogProof(good.extra(), LEAF, good.inclusionProof(), otherSize), policy("any")).err())
                .startsWith("FAILED checkpoint signature:");

        // A character in the middle of the witness's Ed25519 signature, the last line of the note.
        String note = good.checkpoint();
        int at = note.length() - 12;
        String badCosignature = note.substring(0, at) + (note.charAt(at) == 'A' ? 'B' : 'A') + note.substring(at + 1);
        VerifyCliTest.Result cosignature = verify(new TlogProof(good.extra(), LEAF, good.inclusionProof(), badCosignature),
                policy("any"));
        assertThat(cosignature.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(cosignature.err()).startsWith("FAILED cosignatures:").contains("w1.example/witness");
    }

    @Test
    void anotherLogsCheckpointFailsAtTheLog() throws Exception {
        NoteSigner other = new NoteSigner("other.example/log", Ed25519.generate());
        String note = other.sign(Checkpoint.first("other.example/log", SIZE, new byte[32]));
        VerifyCliTest.Result result = verify(proof(note), policy("none"));
        assertThat(result.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err()).startsWith("FAILED log: the checkpoint's origin other.example/log is not a log of the policy");
    }

    @Test
    void aMalformedPolicyOrProofIsAUsageErrorOrAFailedProofFile() throws Exception {
        assertThat(verify(proof(plainNote), "quorum nobody\n").exitCode()).isEqualTo(VerifyCli.USAGE_ERROR);
        Path proofFile = Files.writeString(directory.resolve("bad.tlog-proof"), "c2sp.org/tlog-proof@v2\n");
        Path policyFile = Files.writeString(directory.resolve("p.txt"), policy("none"));
        VerifyCliTest.Result result = VerifyCliTest.run("verify", "--tlog-proof", proofFile.toString(), "--policy",
                policyFile.toString());
        assertThat(result.exitCode()).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err()).startsWith("FAILED proof file:");
    }

    @Test
    void theProofTextRoundTrips() throws Exception {
        TlogProof proof = proof(cosigned(witnesses.get(0)));
        String text = proof.encode();
        assertThat(text).startsWith("c2sp.org/tlog-proof@v1\nextra ").contains("\nindex 257\n")
                .contains("\n\n" + ORIGIN + "\n300\n");
        TlogProof parsed = TlogProof.parse(text);
        assertThat(parsed.encode()).isEqualTo(text);
        assertThat(parsed.checkpoint()).isEqualTo(proof.checkpoint());
    }
}
