package org.carbonregistry.ledger.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;

/**
 * What an auditor checks of an inclusion proof, with nothing but the log's public key: the checkpoint's
 * signature, that the proof is for the checkpoint's tree size, that the leaf hash is SHA-256(0x00 || envelope),
 * that the envelope is the event the proof names, and that the audit path leads from the leaf to the signed root.
 * The {@code verify} command and every test that audits the ledger go through here.
 */
public final class InclusionVerification {

    /** Told of each step as it passes, with what was established. */
    @FunctionalInterface
    public interface Progress {
        void passed(String step, String detail);
    }

    /** A step that did not pass. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String step;

        Failed(String step, String message) {
            super(step + ": " + message);
            this.step = step;
        }

        public String step() {
            return step;
        }

        /** What failed, without the step's name. */
        public String reason() {
            return getMessage().substring(step.length() + 2);
        }
    }

    private InclusionVerification() {
    }

    /** Verifies {@code proof}; returns the signed checkpoint it leads to. */
    public static Checkpoint verify(InclusionProofDocument proof, NoteVerifier verifier) throws Failed {
        return verify(proof, verifier, (step, detail) -> { });
    }

    public static Checkpoint verify(InclusionProofDocument proof, NoteVerifier verifier, Progress progress) throws Failed {
        Checkpoint checkpoint;
        try {
            checkpoint = verifier.verify(proof.checkpoint());
        } catch (NoteException e) {
            throw new Failed("checkpoint signature", e.getMessage());
        }
        progress.passed("checkpoint signature", "checkpoint " + checkpoint.origin() + " at tree size "
                + checkpoint.treeSize() + " is signed by " + verifier.name() + "+" + HexFormat.of().toHexDigits(verifier.keyId()));

        require(checkpoint.treeSize() == proof.treeSize(), "tree size",
                "the proof is for tree size " + proof.treeSize() + ", the checkpoint is at tree size " + checkpoint.treeSize());
        progress.passed("tree size", String.valueOf(checkpoint.treeSize()));

        byte[] leafHash = MerkleHash.leafHash(proof.envelope());
        require(MessageDigest.isEqual(leafHash, proof.leafHash()), "leaf hash",
                "SHA-256(0x00 || envelope) is " + hex(leafHash) + ", the proof says " + hex(proof.leafHash()));
        progress.passed("leaf hash", hex(leafHash));

        String envelopeEventId = eventIdOf(proof.envelope());
        require(envelopeEventId.equals(proof.eventId()), "event id",
                "the envelope is event " + envelopeEventId + ", the proof claims event " + proof.eventId());
        progress.passed("event id", envelopeEventId);

        try {
            ProofVerifier.verifyInclusion(proof.leafIndex(), checkpoint.treeSize(), leafHash, proof.auditPath(),
                    checkpoint.rootHash());
        } catch (ProofException e) {
            throw new Failed("inclusion proof", e.getMessage());
        }
        progress.passed("inclusion proof", "leaf " + proof.leafIndex() + " leads to root " + hex(checkpoint.rootHash()));
        return checkpoint;
    }

    private static String eventIdOf(byte[] envelope) throws Failed {
        ObjectNode object;
        try {
            object = ProofJson.readObject(envelope, "envelope");
        } catch (ProofDocumentException e) {
            throw new Failed("event id", e.getMessage());
        }
        JsonNode eventId = object.get("eventId");
        if (eventId == null || !eventId.isTextual()) {
            throw new Failed("event id", "the envelope has no string eventId");
        }
        return eventId.textValue();
    }

    private static void require(boolean condition, String step, String failure) throws Failed {
        if (!condition) {
            throw new Failed(step, failure);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
