package org.carbonregistry.ledger.verify;

import java.util.HexFormat;
import java.util.Map;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Cosignature;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.verify.InclusionVerification.Failed;
import org.carbonregistry.ledger.verify.InclusionVerification.Progress;

/**
 * Verifies a c2sp.org/tlog-proof against a c2sp.org/tlog-policy, in the spec's order: the leaf hash from the entry
 * (this ledger's {@code extra}: the canonical envelope), the log's signature on the checkpoint, every listed
 * witness's cosignature and the quorum, then the inclusion proof from the leaf to the signed root.
 */
public final class TlogProofVerification {

    /** What a verified proof establishes. */
    public record Result(String eventId, long index, Checkpoint checkpoint, Map<String, Cosignature> cosignatures) {
    }

    private TlogProofVerification() {
    }

    public static Result verify(TlogProof proof, TlogPolicy policy, Progress progress) throws Failed {
        byte[] envelope = proof.extra().orElseThrow(() -> new Failed("entry", "the proof has no extra line; this"
                + " ledger's tlog-proofs carry the canonical envelope there, without it the leaf hash is unknown"));
        byte[] leafHash = MerkleHash.leafHash(envelope);
        String eventId = InclusionVerification.eventIdOf(envelope);
        progress.passed("entry", "event " + eventId + ", leaf hash " + hex(leafHash));

        String origin;
        try {
            String text = SignedNote.parse(proof.checkpoint()).text();
            origin = text.substring(0, text.indexOf('\n'));
        } catch (NoteException e) {
            throw new Failed("checkpoint", e.getMessage());
        }
        TlogPolicy.Log log = policy.logFor(origin).orElseThrow(() -> new Failed("log", "the checkpoint's origin "
                + origin + " is not a log of the policy (it lists " + policy.logs().stream()
                .map(l -> l.key().name()).toList() + ")"));
        Checkpoint checkpoint;
        try {
            checkpoint = NoteVerifier.fromVerifierKey(log.key().encode()).verify(proof.checkpoint());
        } catch (NoteException e) {
            throw new Failed("checkpoint signature", e.getMessage());
        }
        progress.passed("checkpoint signature", "checkpoint " + origin + " at tree size " + checkpoint.treeSize()
                + " is signed by " + log.key().name() + "+" + log.key().keyIdHex());

        TlogPolicy.Verified verified;
        try {
            verified = policy.verify(proof.checkpoint());
        } catch (NoteException e) {
            throw new Failed("cosignatures", e.getMessage());
        }
        verified.cosignatures().forEach((witness, cosignature) -> progress.passed("cosignature",
                "witness " + witness + " cosigned at " + cosignature.time()));
        if (!verified.quorumMet()) {
            throw new Failed("witness quorum", "cosigned by " + (verified.cosignatures().isEmpty() ? "no listed witness"
                    : String.join(", ", verified.cosignatures().keySet())) + "; the policy's quorum " + policy.quorum()
                    + " is not met");
        }
        progress.passed("witness quorum", "quorum " + policy.quorum() + " met by "
                + (verified.cosignatures().isEmpty() ? "no cosignature needed" : String.join(", ", verified.cosignatures().keySet())));

        try {
            ProofVerifier.verifyInclusion(proof.index(), checkpoint.treeSize(), leafHash, proof.inclusionProof(),
                    checkpoint.rootHash());
        } catch (ProofException e) {
            throw new Failed("inclusion proof", e.getMessage());
        }
        progress.passed("inclusion proof", "leaf " + proof.index() + " leads to root " + hex(checkpoint.rootHash()));
        return new Result(eventId, proof.index(), checkpoint, verified.cosignatures());
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
