package org.carbonregistry.ledger.vectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.InMemoryNodeStore;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.verify.InclusionProofDocument;

/**
 * Writes {@code vectors/inclusion-proofs.json}: proofs over a seven-leaf log signed with the fixed test log key
 * (seed SHA-256("carbon registry test log key"), whose signatures were checked with Python's cryptography), one
 * valid proof per leaf and one proof broken at each step. Run once by hand when the proof format changes:
 * {@code java -cp <test classpath> org.carbonregistry.ledger.vectors.ProofVectorsWriter ../vectors}.
 * The file is committed; the Java and the console's verifiers are both tested against it.
 */
public final class ProofVectorsWriter {

    static final String LOG_NAME = "registry.example/ledger";
    static final String LOG_SEED = "0edfafd5faad21fa4f130594f2da92233644eb2a8409d35a5923965e39e7b595";
    static final String OTHER_SEED = "1111111111111111111111111111111111111111111111111111111111111111";

    public static void main(String[] args) throws Exception {
        ObjectMapper json = new ObjectMapper();
        NoteSigner log = new NoteSigner(LOG_NAME, Ed25519.keyPairFromSeed(HexFormat.of().parseHex(LOG_SEED)));
        NoteSigner impostor = new NoteSigner(LOG_NAME, Ed25519.keyPairFromSeed(HexFormat.of().parseHex(OTHER_SEED)));

        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            UUID eventId = UUID.nameUUIDFromBytes(("vector event " + i).getBytes(StandardCharsets.UTF_8));
            envelopes.add(("{\"actor\":\"registry\",\"aggregateId\":\"batch-1\",\"eventId\":\"" + eventId
                    + "\",\"occurredAt\":\"2026-01-02T03:04:0" + i + ".123Z\",\"payload\":{\"n\":" + i
                    + "},\"sequence\":" + i + ",\"type\":\"BatchFrozen\"}").getBytes(StandardCharsets.UTF_8));
        }
        InMemoryNodeStore store = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        for (byte[] envelope : envelopes) {
            AppendResult result = range.append(List.of(MerkleHash.leafHash(envelope)));
            store.write(result.newNodes());
            range = result.range();
        }
        Proofs proofs = new Proofs(store);
        long size = envelopes.size();
        Checkpoint checkpoint = Checkpoint.first(LOG_NAME, size, proofs.root(size));
        String note = log.sign(checkpoint);

        ObjectNode file = json.createObjectNode();
        file.put("about", "Inclusion proof documents as GET /api/proofs/inclusion serves them, over a 7-leaf log. "
                + "`expect` is `valid` or the first check that must fail. Written by ledger-core's ProofVectorsWriter.");
        file.put("publicKey", log.verifierKey());
        ArrayNode vectors = file.putArray("vectors");
        for (int leaf = 0; leaf < size; leaf++) {
            add(vectors, json, "leaf " + leaf + " of 7", "valid", proof(envelopes, proofs, leaf, size, note));
        }
        InclusionProofDocument good = proof(envelopes, proofs, 5, size, note);

        byte[] changedEnvelope = good.envelope();
        changedEnvelope[changedEnvelope.length - 3] ^= 1;
        add(vectors, json, "envelope changed after sealing", "leaf hash", new InclusionProofDocument(good.eventId(),
                good.leafIndex(), good.treeSize(), changedEnvelope, good.leafHash(), good.auditPath(), good.checkpoint()));

        List<byte[]> changedPath = good.auditPath();
        changedPath.get(1)[0] ^= 1;
        add(vectors, json, "audit path hash changed", "audit path", new InclusionProofDocument(good.eventId(),
                good.leafIndex(), good.treeSize(), good.envelope(), good.leafHash(), changedPath, good.checkpoint()));

        add(vectors, json, "another leaf index", "audit path", new InclusionProofDocument(good.eventId(),
                4, good.treeSize(), good.envelope(), good.leafHash(), good.auditPath(), good.checkpoint()));

        add(vectors, json, "checkpoint signed by another key", "checkpoint signature", new InclusionProofDocument(
                good.eventId(), good.leafIndex(), good.treeSize(), good.envelope(), good.leafHash(), good.auditPath(),
                impostor.sign(checkpoint)));

        add(vectors, json, "checkpoint text changed", "checkpoint signature", new InclusionProofDocument(
                good.eventId(), good.leafIndex(), good.treeSize(), good.envelope(), good.leafHash(), good.auditPath(),
                note.replaceFirst("\n7\n", "\n8\n")));

        add(vectors, json, "proof claims another tree size", "tree size", new InclusionProofDocument(good.eventId(),
                good.leafIndex(), 6, good.envelope(), good.leafHash(), good.auditPath(), good.checkpoint()));

        add(vectors, json, "proof names another event", "event id", new InclusionProofDocument(
                UUID.nameUUIDFromBytes(new byte[] {1}).toString(), good.leafIndex(), good.treeSize(), good.envelope(),
                good.leafHash(), good.auditPath(), good.checkpoint()));

        Path out = Path.of(args.length > 0 ? args[0] : "vectors").resolve("inclusion-proofs.json");
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n");
        System.out.println("wrote " + out);
    }

    private static InclusionProofDocument proof(List<byte[]> envelopes, Proofs proofs, int leaf, long size, String note) {
        byte[] envelope = envelopes.get(leaf);
        String eventId = new String(envelope, StandardCharsets.UTF_8).replaceAll(".*\"eventId\":\"([^\"]+)\".*", "$1");
        return new InclusionProofDocument(eventId, leaf, size, envelope, MerkleHash.leafHash(envelope),
                proofs.inclusion(leaf, size), note);
    }

    private static void add(ArrayNode vectors, ObjectMapper json, String name, String expect, InclusionProofDocument proof)
            throws Exception {
        ObjectNode vector = vectors.addObject();
        vector.put("name", name);
        vector.put("expect", expect);
        vector.set("proof", json.readTree(proof.toJson()));
    }

    private ProofVectorsWriter() {
    }
}
