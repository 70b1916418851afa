package org.carbonregistry.ledger.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
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

    public static final String REGISTRY_SIGNATURE = "registry signature";
    private static final String RETIREMENT = "CreditsRetired";

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

    /**
     * Checks that the registry signed the proof's envelope: a signature and key id are present and one of
     * {@code registryKeys} made that signature over exactly the envelope bytes. Call after {@link #verify}, which
     * establishes that these bytes are the leaf.
     */
    public static void verifyRegistrySignature(InclusionProofDocument proof, EnvelopeVerifier registryKeys,
                                               Progress progress) throws Failed {
        if (proof.registrySignature() == null || proof.registryKeyId() == null) {
            throw new Failed(REGISTRY_SIGNATURE, "the proof carries no registrySignature and registryKeyId (the event"
                    + " was logged before the registry signed events, or they were removed)");
        }
        Optional<String> problem = registryKeys.problem(proof.signedEnvelope());
        if (problem.isPresent()) {
            throw new Failed(REGISTRY_SIGNATURE, problem.get());
        }
        progress.passed(REGISTRY_SIGNATURE, "the envelope is signed by registry key " + proof.registryKeyId());
    }

    /**
     * Checks that the proof's envelope is a {@code CreditsRetired} whose {@code commitmentField}
     * ({@code beneficiaryCommitment} or {@code purposeCommitment}) opens to {@code text} with {@code saltBase64}.
     */
    public static void verifyCommitment(InclusionProofDocument proof, String commitmentField, String text,
                                        String saltBase64, Progress progress) throws Failed {
        String step = commitmentField.replace("Commitment", "") + " commitment";
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.fromCanonicalBytes(proof.envelope());
        } catch (RuntimeException e) {
            throw new Failed(step, "the envelope is not a canonical event envelope: " + e.getMessage());
        }
        if (!RETIREMENT.equals(envelope.type())) {
            throw new Failed(step, "the envelope is a " + envelope.type() + ", not a " + RETIREMENT);
        }
        JsonNode commitment = envelope.payload().get(commitmentField);
        if (commitment == null || !commitment.isTextual()) {
            throw new Failed(step, "the " + RETIREMENT + " has no " + commitmentField);
        }
        try {
            Commitment.decodeSalt(saltBase64);
        } catch (IllegalArgumentException e) {
            throw new Failed(step, "the salt is not " + Commitment.SALT_SIZE + " bytes of base64: " + e.getMessage());
        }
        if (!Commitment.opens(commitment.textValue(), text, saltBase64)) {
            throw new Failed(step, commitmentField + " " + commitment.textValue()
                    + " does not open to the given text with the given salt");
        }
        progress.passed(step, commitmentField + " " + commitment.textValue() + " opens to the given text");
    }

    static String eventIdOf(byte[] envelope) throws Failed {
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
