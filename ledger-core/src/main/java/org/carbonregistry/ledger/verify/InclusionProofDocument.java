package org.carbonregistry.ledger.verify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.envelope.SignedEnvelope;

/**
 * The inclusion proof document served by {@code GET /api/proofs/inclusion} and read by
 * {@code verify}: {@code {"eventId","leafIndex","treeSize","envelope","leafHash","auditPath","checkpoint"}},
 * with the envelope's canonical bytes, the leaf hash and the path hashes in standard base64 and the
 * checkpoint as its signed note text; then {@code "registrySignature"} (base64 Ed25519) and {@code "registryKeyId"}
 * (8 hex) when the registry signed the envelope. Leaves logged before signatures have neither: the two fields are
 * absent from the JSON (null here), and a document without them still parses.
 *
 * @param registrySignature the registry's signature over {@code envelope} as its Kafka header carried it, or null
 * @param registryKeyId     the signing key's id as its Kafka header carried it, or null
 */
public record InclusionProofDocument(String eventId, long leafIndex, long treeSize, byte[] envelope, byte[] leafHash,
                                     List<byte[]> auditPath, String checkpoint, String registrySignature,
                                     String registryKeyId) {

    public InclusionProofDocument {
        Objects.requireNonNull(eventId, "eventId");
        envelope = Objects.requireNonNull(envelope, "envelope").clone();
        leafHash = Objects.requireNonNull(leafHash, "leafHash").clone();
        auditPath = auditPath.stream().map(byte[]::clone).toList();
        Objects.requireNonNull(checkpoint, "checkpoint");
    }

    /** A proof of a leaf without a registry signature (logged before signatures). */
    public InclusionProofDocument(String eventId, long leafIndex, long treeSize, byte[] envelope, byte[] leafHash,
                                  List<byte[]> auditPath, String checkpoint) {
        this(eventId, leafIndex, treeSize, envelope, leafHash, auditPath, checkpoint, null, null);
    }

    /** The envelope with the registry's signature as it travelled, for {@code EnvelopeVerifier}. */
    public SignedEnvelope signedEnvelope() {
        return new SignedEnvelope(envelope, registrySignature, registryKeyId);
    }

    public static InclusionProofDocument parse(byte[] json) throws ProofDocumentException {
        ObjectNode object = ProofJson.readObject(json, "inclusion proof");
        return new InclusionProofDocument(
                ProofJson.text(object, "eventId"),
                ProofJson.nonNegativeLong(object, "leafIndex"),
                ProofJson.nonNegativeLong(object, "treeSize"),
                ProofJson.base64(object, "envelope"),
                ProofJson.base64(object, "leafHash"),
                ProofJson.base64List(object, "auditPath"),
                ProofJson.text(object, "checkpoint"),
                ProofJson.optionalText(object, "registrySignature"),
                ProofJson.optionalText(object, "registryKeyId"));
    }

    public String toJson() {
        ObjectNode object = ProofJson.MAPPER.createObjectNode();
        object.put("eventId", eventId);
        object.put("leafIndex", leafIndex);
        object.put("treeSize", treeSize);
        object.put("envelope", StdBase64.encode(envelope));
        object.put("leafHash", StdBase64.encode(leafHash));
        ProofJson.putBase64List(object, "auditPath", auditPath);
        object.put("checkpoint", checkpoint);
        if (registrySignature != null) {
            object.put("registrySignature", registrySignature);
        }
        if (registryKeyId != null) {
            object.put("registryKeyId", registryKeyId);
        }
        return ProofJson.write(object);
    }

    @Override
    public byte[] envelope() {
        return envelope.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }

    @Override
    public List<byte[]> auditPath() {
        return auditPath.stream().map(byte[]::clone).toList();
    }
}
