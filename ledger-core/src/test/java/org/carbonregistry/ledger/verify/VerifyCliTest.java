package org.carbonregistry.ledger.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSignature;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verifier CLI against a real log: envelopes appended, checkpoints signed, proofs served from stored nodes. */
class VerifyCliTest {

    static final String ORIGIN = "registry.example/ledger";
    static final int OLD_SIZE = 10;
    static final int SIZE = 23;
    /** This leaf is a real CreditsRetired with commitments to {@link #BENEFICIARY} and {@link #PURPOSE}. */
    static final int RETIREMENT = 17;
    static final String BENEFICIARY = "Zürich Wärme AG";
    static final String PURPOSE = "2026 climate contribution";
    static final String SALT = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final String PURPOSE_SALT = "//////////////////////////////////////////8=";

    @TempDir
    Path directory;

    NoteSigner signer;
    EnvelopeSigner registry;
    List<byte[]> envelopes;
    List<String> eventIds;
    Proofs proofs;
    String oldCheckpoint;
    String checkpoint;

    @BeforeEach
    void appendEnvelopesAndSignCheckpoints() {
        signer = new NoteSigner(ORIGIN, Ed25519.generate());
        registry = new EnvelopeSigner("registry.example/registry", Ed25519.generate());
        envelopes = new ArrayList<>();
        eventIds = new ArrayList<>();
        InMemoryNodeStore store = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        for (int i = 0; i < SIZE; i++) {
            String eventId = UUID.nameUUIDFromBytes(("event " + i).getBytes(StandardCharsets.UTF_8)).toString();
            String envelope = "{\"actor\":\"acct-1\",\"aggregateId\":\"batch-7\",\"eventId\":\"" + eventId
                    + "\",\"occurredAt\":\"2026-01-02T03:04:05.123Z\",\"payload\":{\"quantity\":" + (i + 1)
                    + "},\"sequence\":" + i + ",\"type\":\"CreditsRetired\"}";
            eventIds.add(eventId);
            envelopes.add(i == RETIREMENT ? retirement(UUID.fromString(eventId)) : envelope.getBytes(StandardCharsets.UTF_8));
            AppendResult result = range.append(List.of(MerkleHash.leafHash(envelopes.get(i))));
            store.write(result.newNodes());
            range = result.range();
            if (range.size() == OLD_SIZE) {
                oldCheckpoint = signer.sign(Checkpoint.first(ORIGIN, OLD_SIZE, range.root()));
            }
        }
        checkpoint = signer.sign(Checkpoint.following(oldCheckpoint, ORIGIN, SIZE, range.root()));
        proofs = new Proofs(store);
    }

    static byte[] retirement(UUID eventId) {
        CreditsRetired retired = new CreditsRetired(eventId, Instant.parse("2026-01-02T03:04:05.123Z"), "batch-7",
                "retirement-1", "acct-1", 5, List.of(new SerialBlock(100, 104)), Commitment.of(BENEFICIARY, SALT),
                Commitment.of(PURPOSE, PURPOSE_SALT), 2026, "CH");
        return EventEnvelope.of(retired, "batch-7", RETIREMENT, "acct-1").canonicalBytes();
    }

    /** The proof of a leaf the registry signed. */
    InclusionProofDocument proofOf(int leaf) {
        SignedEnvelope signed = registry.sign(envelopes.get(leaf));
        return new InclusionProofDocument(eventIds.get(leaf), leaf, SIZE, envelopes.get(leaf),
                MerkleHash.leafHash(envelopes.get(leaf)), proofs.inclusion(leaf, SIZE), checkpoint, signed.signature(),
                signed.keyId());
    }

    /** The proof of a leaf logged before the registry signed events. */
    InclusionProofDocument unsignedProofOf(int leaf) {
        return new InclusionProofDocument(eventIds.get(leaf), leaf, SIZE, envelopes.get(leaf),
                MerkleHash.leafHash(envelopes.get(leaf)), proofs.inclusion(leaf, SIZE), checkpoint);
    }

    Result verifyWith(InclusionProofDocument proof, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--key", signer.verifierKey(), "--proof",
                write("proof.json", proof.toJson()).toString()));
        args.addAll(List.of(options));
        return run(args.toArray(String[]::new));
    }

    @Test
    void theRegistrySignatureOfTheEnvelopeVerifiesWithTheRegistryKey() throws Exception {
        Result result = verifyWith(proofOf(RETIREMENT), "--registry-key", registry.verifierKey().encode());
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("ok inclusion proof", "ok registry signature: the envelope is signed by registry key "
                + registry.verifierKey().keyIdHex(), "VERIFIED");

        Path keyFile = Files.writeString(directory.resolve("registry.vkey"), registry.verifierKey().encode() + "\n");
        assertThat(verifyWith(proofOf(3), "--registry-key", "@" + keyFile).exitCode).isZero();
    }

    @Test
    void aTamperedRegistrySignatureFailsTheRegistrySignatureStep() throws Exception {
        InclusionProofDocument valid = proofOf(RETIREMENT);
        byte[] signature = Base64.getDecoder().decode(valid.registrySignature());
        for (int bit = 0; bit < 64 * 8; bit += 13) {
            byte[] altered = signature.clone();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            InclusionProofDocument tampered = new InclusionProofDocument(valid.eventId(), valid.leafIndex(), valid.treeSize(),
                    valid.envelope(), valid.leafHash(), valid.auditPath(), valid.checkpoint(),
                    Base64.getEncoder().encodeToString(altered), valid.registryKeyId());
            Result result = verifyWith(tampered, "--registry-key", registry.verifierKey().encode());
            assertThat(result.exitCode).as("signature bit %d", bit).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as("signature bit %d", bit).startsWith("FAILED registry signature:")
                    .contains("does not verify over the record's bytes");
        }
    }

    @Test
    void aSignatureByAnotherRegistryKeyFails() throws Exception {
        EnvelopeSigner impostor = new EnvelopeSigner("registry.example/registry", Ed25519.generate());
        InclusionProofDocument valid = proofOf(RETIREMENT);
        SignedEnvelope forged = impostor.sign(valid.envelope());
        InclusionProofDocument byImpostor = new InclusionProofDocument(valid.eventId(), valid.leafIndex(), valid.treeSize(),
                valid.envelope(), valid.leafHash(), valid.auditPath(), valid.checkpoint(), forged.signature(), forged.keyId());

        Result result = verifyWith(byImpostor, "--registry-key", registry.verifierKey().encode());

        assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err).startsWith("FAILED registry signature:").contains("not a trusted registry key");
    }

    @Test
    void aProofWithoutRegistrySignatureFailsWhenTheRegistryKeyIsGivenAndVerifiesWithoutIt() throws Exception {
        Result withKey = verifyWith(unsignedProofOf(RETIREMENT), "--registry-key", registry.verifierKey().encode());
        assertThat(withKey.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(withKey.err).startsWith("FAILED registry signature:").contains("carries no registrySignature");

        assertThat(verifyWith(unsignedProofOf(RETIREMENT)).exitCode).as("an old leaf's proof still verifies").isZero();
    }

    @Test
    void theBeneficiaryAndPurposeOpenTheRetirementsCommitmentsWithTheirSalts() throws Exception {
        Result result = verifyWith(proofOf(RETIREMENT), "--beneficiary", BENEFICIARY, "--salt", SALT,
                "--purpose", PURPOSE, "--purpose-salt", PURPOSE_SALT, "--registry-key", registry.verifierKey().encode());
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("ok beneficiary commitment: beneficiaryCommitment " + Commitment.of(BENEFICIARY, SALT),
                "ok purpose commitment", "VERIFIED");
    }

    @Test
    void anotherBeneficiaryTextFailsTheBeneficiaryCommitment() throws Exception {
        Result result = verifyWith(proofOf(RETIREMENT), "--beneficiary", "Zürich Wärme GmbH", "--salt", SALT);
        assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err).startsWith("FAILED beneficiary commitment:").contains("does not open");
    }

    @Test
    void anotherSaltFailsTheBeneficiaryCommitment() throws Exception {
        Result result = verifyWith(proofOf(RETIREMENT), "--beneficiary", BENEFICIARY, "--salt", PURPOSE_SALT);
        assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err).startsWith("FAILED beneficiary commitment:").contains("does not open");

        Result shortSalt = verifyWith(proofOf(RETIREMENT), "--beneficiary", BENEFICIARY, "--salt", "AAEC");
        assertThat(shortSalt.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(shortSalt.err).startsWith("FAILED beneficiary commitment:").contains("32 bytes");

        Result wrongPurposeSalt = verifyWith(proofOf(RETIREMENT), "--purpose", PURPOSE, "--purpose-salt", SALT);
        assertThat(wrongPurposeSalt.err).startsWith("FAILED purpose commitment:");
    }

    @Test
    void aBeneficiaryCannotBeProvenFromAnEventThatIsNoRetirement() throws Exception {
        Result result = verifyWith(proofOf(3), "--beneficiary", BENEFICIARY, "--salt", SALT);
        assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err).startsWith("FAILED beneficiary commitment:");
    }

    @Test
    void theCommitmentOptionsComeInPairs() throws Exception {
        assertThat(verifyWith(proofOf(RETIREMENT), "--beneficiary", BENEFICIARY).exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(verifyWith(proofOf(RETIREMENT), "--purpose-salt", SALT).exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        Result badKey = verifyWith(proofOf(RETIREMENT), "--registry-key", "not-a-key");
        assertThat(badKey.exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(badKey.err).contains("--registry-key is not a valid");
    }

    @Test
    void aValidInclusionProofOfEveryLeafVerifies() throws Exception {
        for (int leaf = 0; leaf < SIZE; leaf++) {
            Result result = verify(proofOf(leaf));
            assertThat(result.exitCode).as(result.toString()).isZero();
            assertThat(result.out).contains("ok checkpoint signature", "ok tree size", "ok leaf hash", "ok event id",
                    "ok inclusion proof", "VERIFIED: event " + eventIds.get(leaf) + " is leaf " + leaf);
            assertThat(result.err).isEmpty();
        }
    }

    @Test
    void theKeyCanBeReadFromAFile() throws Exception {
        Path keyFile = Files.writeString(directory.resolve("ledger.vkey"), signer.verifierKey() + "\n");
        Result result = run("verify", "--key", "@" + keyFile, "--proof", write("proof.json", proofOf(3).toJson()).toString());
        assertThat(result.exitCode).as(result.toString()).isZero();
    }

    @Test
    void anyChangedByteOfTheEnvelopeFailsTheLeafHash() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        byte[] envelope = valid.envelope();
        for (int i = 0; i < envelope.length; i++) {
            byte[] altered = envelope.clone();
            altered[i] ^= 0x01;
            Result result = verify(withEnvelope(valid, altered, valid.leafHash()));
            assertThat(result.exitCode).as("envelope byte %d", i).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as("envelope byte %d", i).startsWith("FAILED leaf hash:");
        }
    }

    @Test
    void aChangedEnvelopeWithAMatchingLeafHashFailsTheEventIdOrTheInclusionProof() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        byte[] envelope = valid.envelope();
        for (int i = 0; i < envelope.length; i++) {
            byte[] altered = envelope.clone();
            altered[i] ^= 0x01;
            Result result = verify(withEnvelope(valid, altered, MerkleHash.leafHash(altered)));
            assertThat(result.exitCode).as("envelope byte %d", i).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as("envelope byte %d", i).matches("(?s)FAILED (event id|inclusion proof):.*");
        }
    }

    @Test
    void anyChangedBitOfTheAuditPathFailsTheInclusionProof() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        List<byte[]> path = valid.auditPath();
        for (int element = 0; element < path.size(); element++) {
            for (int bit = 0; bit < 256; bit += 7) {
                List<byte[]> altered = new ArrayList<>(path);
                byte[] hash = path.get(element).clone();
                hash[bit / 8] ^= (byte) (1 << (bit % 8));
                altered.set(element, hash);
                Result result = verify(new InclusionProofDocument(valid.eventId(), valid.leafIndex(), valid.treeSize(),
                        valid.envelope(), valid.leafHash(), altered, valid.checkpoint()));
                assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
                assertThat(result.err).as("path[%d] bit %d", element, bit).startsWith("FAILED inclusion proof:");
            }
        }
        List<byte[]> shorter = path.subList(0, path.size() - 1);
        Result result = verify(new InclusionProofDocument(valid.eventId(), valid.leafIndex(), valid.treeSize(),
                valid.envelope(), valid.leafHash(), shorter, valid.checkpoint()));
        assertThat(result.err).startsWith("FAILED inclusion proof:").contains("expected " + path.size());
    }

    @Test
    void anyChangedCharacterOfTheCheckpointFailsItsSignature() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        for (int i = 0; i < checkpoint.length(); i++) {
            String altered = checkpoint.substring(0, i) + (checkpoint.charAt(i) == 'A' ? 'B' : 'A') + checkpoint.substring(i + 1);
            Result result = verify(withCheckpoint(valid, altered));
            assertThat(result.exitCode).as("checkpoint character %d", i).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as("checkpoint character %d", i).startsWith("FAILED checkpoint signature:");
        }
    }

    @Test
    void anyChangedBitOfTheSignatureFailsIt() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        SignedNote note = SignedNote.parse(checkpoint);
        NoteSignature signature = note.signatures().get(0);
        for (int bit = 0; bit < 64 * 8; bit += 3) {
            byte[] altered = signature.signature();
            altered[bit / 8] ^= (byte) (1 << (bit % 8));
            String alteredNote = new SignedNote(note.text(),
                    List.of(new NoteSignature(signature.keyName(), signature.keyId(), altered))).encode();
            Result result = verify(withCheckpoint(valid, alteredNote));
            assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as("signature bit %d", bit).startsWith("FAILED checkpoint signature: invalid signature");
        }
    }

    @Test
    void aCheckpointSignedByAnotherKeyFails() throws Exception {
        NoteSigner other = new NoteSigner(ORIGIN, Ed25519.generate());
        String forged = other.sign(SignedNote.parse(checkpoint).text());
        Result result = verify(withCheckpoint(proofOf(13), forged));
        assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
        assertThat(result.err).startsWith("FAILED checkpoint signature: note has no signature by key " + ORIGIN);
    }

    @Test
    void aProofForAnotherTreeSizeEventOrLeafFails() throws Exception {
        InclusionProofDocument valid = proofOf(13);
        Result wrongSize = verify(new InclusionProofDocument(valid.eventId(), 13, SIZE - 1, valid.envelope(),
                valid.leafHash(), proofs.inclusion(13, SIZE - 1), checkpoint));
        assertThat(wrongSize.err).startsWith("FAILED tree size:");

        Result wrongEvent = verify(new InclusionProofDocument(eventIds.get(12), 13, SIZE, valid.envelope(),
                valid.leafHash(), valid.auditPath(), checkpoint));
        assertThat(wrongEvent.err).startsWith("FAILED event id:").contains(eventIds.get(12));

        Result wrongLeaf = verify(new InclusionProofDocument(valid.eventId(), 12, SIZE, valid.envelope(),
                valid.leafHash(), valid.auditPath(), checkpoint));
        assertThat(wrongLeaf.err).startsWith("FAILED inclusion proof:");
        assertThat(List.of(wrongSize.exitCode, wrongEvent.exitCode, wrongLeaf.exitCode)).containsOnly(VerifyCli.FAILED);
    }

    @Test
    void aMalformedProofFileFailsTheProofFileStep() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String valid = proofOf(13).toJson();
        List<String> malformed = List.of(
                "not json",
                "[]",
                valid.replace("\"leafIndex\":13", "\"leafIndex\":\"13\""),
                valid.replace("\"leafIndex\":13", "\"leafIndex\":-13"),
                valid.replace("\"auditPath\":[", "\"auditPath\":[\"%%%\","),
                valid.replace("{\"eventId\"", "{\"eventId\":\"x\",\"eventId\""),
                valid + " trailing",
                valid.replace("\"registryKeyId\":\"", "\"registryKeyId\":7,\"x\":\""),
                mapper.writeValueAsString(mapper.createObjectNode().put("eventId", "x")));
        for (String json : malformed) {
            Result result = run("verify", "--key", signer.verifierKey(), "--proof", write("bad.json", json).toString());
            assertThat(result.exitCode).as(json).isEqualTo(VerifyCli.FAILED);
            assertThat(result.err).as(json).startsWith("FAILED proof file:");
        }
    }

    @Test
    void theProofDocumentHasTheDocumentedFields() throws Exception {
        var json = new ObjectMapper().readTree(proofOf(13).toJson());
        List<String> fields = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            fields.add(names.next());
        }
        assertThat(fields).containsExactly("eventId", "leafIndex", "treeSize", "envelope", "leafHash", "auditPath", "checkpoint",
                "registrySignature", "registryKeyId");
        String signed = proofOf(13).toJson();
        assertThat(InclusionProofDocument.parse(signed.getBytes(StandardCharsets.UTF_8)).toJson()).isEqualTo(signed);

        String old = unsignedProofOf(13).toJson();
        assertThat(new ObjectMapper().readTree(old).has("registrySignature")).as("absent for leaves logged before signatures")
                .isFalse();
        InclusionProofDocument parsedOld = InclusionProofDocument.parse(old.getBytes(StandardCharsets.UTF_8));
        assertThat(parsedOld.registrySignature()).isNull();
        assertThat(parsedOld.toJson()).isEqualTo(old);
        String explicitNulls = old.replace("}", ",\"registrySignature\":null,\"registryKeyId\":null}");
        assertThat(InclusionProofDocument.parse(explicitNulls.getBytes(StandardCharsets.UTF_8)).registryKeyId()).isNull();
    }

    @Test
    void aValidConsistencyProofVerifies() throws Exception {
        Result result = verifyConsistency(oldCheckpoint, checkpoint,
                new ConsistencyProofDocument(OLD_SIZE, SIZE, proofs.consistency(OLD_SIZE, SIZE)));
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).contains("ok old checkpoint signature", "ok new checkpoint signature", "ok origin",
                "ok tree sizes: 10 to 23", "ok consistency proof", "VERIFIED");
    }

    @Test
    void anyChangedBitOfTheConsistencyPathFails() throws Exception {
        List<byte[]> path = proofs.consistency(OLD_SIZE, SIZE);
        for (int element = 0; element < path.size(); element++) {
            for (int bit = 0; bit < 256; bit += 11) {
                List<byte[]> altered = new ArrayList<>(path);
                byte[] hash = path.get(element).clone();
                hash[bit / 8] ^= (byte) (1 << (bit % 8));
                altered.set(element, hash);
                Result result = verifyConsistency(oldCheckpoint, checkpoint, new ConsistencyProofDocument(OLD_SIZE, SIZE, altered));
                assertThat(result.exitCode).isEqualTo(VerifyCli.FAILED);
                assertThat(result.err).as("path[%d] bit %d", element, bit).startsWith("FAILED consistency proof:");
            }
        }
    }

    @Test
    void changedCheckpointsOrSizesFailTheirStep() throws Exception {
        ConsistencyProofDocument proof = new ConsistencyProofDocument(OLD_SIZE, SIZE, proofs.consistency(OLD_SIZE, SIZE));
        for (int i = 0; i < oldCheckpoint.length(); i += 5) {
            String altered = oldCheckpoint.substring(0, i) + (oldCheckpoint.charAt(i) == 'A' ? 'B' : 'A') + oldCheckpoint.substring(i + 1);
            assertThat(verifyConsistency(altered, checkpoint, proof).err).startsWith("FAILED old checkpoint signature:");
            String alteredNew = checkpoint.substring(0, i) + (checkpoint.charAt(i) == 'A' ? 'B' : 'A') + checkpoint.substring(i + 1);
            assertThat(verifyConsistency(oldCheckpoint, alteredNew, proof).err).startsWith("FAILED new checkpoint signature:");
        }
        assertThat(verifyConsistency(checkpoint, oldCheckpoint, proof).err).startsWith("FAILED tree sizes:");
        assertThat(verifyConsistency(oldCheckpoint, checkpoint,
                new ConsistencyProofDocument(OLD_SIZE - 1, SIZE, proofs.consistency(OLD_SIZE - 1, SIZE))).err)
                .startsWith("FAILED tree sizes:");

        // A consistent-looking checkpoint with a root the old tree never had.
        byte[] otherRoot = MerkleHash.leafHash("not the old tree".getBytes(StandardCharsets.UTF_8));
        String rewritten = signer.sign(Checkpoint.first(ORIGIN, OLD_SIZE, otherRoot));
        assertThat(verifyConsistency(rewritten, checkpoint, proof).err).startsWith("FAILED consistency proof:");

        String otherLog = signer.sign(Checkpoint.first("other.example/log", OLD_SIZE, otherRoot));
        assertThat(verifyConsistency(otherLog, checkpoint, proof).err).startsWith("FAILED origin:");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        String proof = write("proof.json", proofOf(1).toJson()).toString();
        String key = signer.verifierKey();
        assertThat(run().exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("frobnicate").exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", key).exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--proof", proof).exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", key, "--proof").exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", key, "--proof", proof, "--extra", "x").exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", key, "--key", key, "--proof", proof).exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", key, "--proof", directory.resolve("missing.json").toString()).exitCode)
                .isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key", "@" + directory.resolve("missing.vkey"), "--proof", proof).exitCode)
                .isEqualTo(VerifyCli.USAGE_ERROR);
        Result badKey = run("verify", "--key", "not-a-key", "--proof", proof);
        assertThat(badKey.exitCode).isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(badKey.err).contains("--key is not a valid verifier key", "usage:");
        assertThat(run("verify-consistency", "--key", key, "--old", proof, "--proof", proof).exitCode)
                .isEqualTo(VerifyCli.USAGE_ERROR);
        assertThat(run("verify", "--key=" + key, "--proof=" + proof).exitCode).isEqualTo(VerifyCli.VERIFIED);
        Result help = run("--help");
        assertThat(help.exitCode).isEqualTo(VerifyCli.VERIFIED);
        assertThat(help.out).contains("verify-consistency");
    }

    InclusionProofDocument withEnvelope(InclusionProofDocument proof, byte[] envelope, byte[] leafHash) {
        return new InclusionProofDocument(proof.eventId(), proof.leafIndex(), proof.treeSize(), envelope, leafHash,
                proof.auditPath(), proof.checkpoint());
    }

    InclusionProofDocument withCheckpoint(InclusionProofDocument proof, String note) {
        return new InclusionProofDocument(proof.eventId(), proof.leafIndex(), proof.treeSize(), proof.envelope(),
                proof.leafHash(), proof.auditPath(), note);
    }

    Result verify(InclusionProofDocument proof) throws Exception {
        return run("verify", "--key", signer.verifierKey(), "--proof", write("proof.json", proof.toJson()).toString());
    }

    Result verifyConsistency(String oldNote, String newNote, ConsistencyProofDocument proof) throws Exception {
        return run("verify-consistency", "--key", signer.verifierKey(),
                "--old", write("old.txt", oldNote).toString(),
                "--new", write("new.txt", newNote).toString(),
                "--proof", write("consistency.json", proof.toJson()).toString());
    }

    Path write(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
    }
}
