package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.monitor.Finding;

import java.util.ArrayList;
import java.util.List;

/** The latest checkpoint, signed by the log's key and cosigned by a quorum of the policy's witnesses. */
public final class CheckpointCheck {

    public static final String BAD_CHECKPOINT = "checkpoint-signature";
    public static final String NO_QUORUM = "witness-quorum";

    private final Policy policy;

    public CheckpointCheck(Policy policy) {
        this.policy = policy;
    }

    /** The checkpoint and the witnesses that cosigned it; a finding when it is not to be trusted. */
    public record Result(Checkpoint checkpoint, List<String> cosigners, Finding finding) {
        public boolean trusted() {
            return finding == null;
        }
    }

    public Result check(String signedNote) {
        Checkpoint checkpoint;
        try {
            checkpoint = policy.log().verify(signedNote);
        } catch (NoteException e) {
            return new Result(null, List.of(), Finding.ofLog(BAD_CHECKPOINT, "the checkpoint is not signed by "
                    + policy.log().verifierKey() + ": " + e.getMessage()));
        }
        if (!checkpoint.origin().equals(policy.log().name())) {
            return new Result(checkpoint, List.of(), Finding.ofLog(BAD_CHECKPOINT, "the checkpoint's origin "
                    + checkpoint.origin() + " is not the log key's name " + policy.log().name()));
        }
        List<String> cosigners = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (CosignatureVerifier witness : policy.witnesses()) {
            try {
                witness.verify(signedNote);
                cosigners.add(witness.name());
            } catch (NoteException e) {
                // Absent or invalid, a cosignature does not count; invalid ones are named in the finding.
                if (e.reason() != NoteException.Reason.UNKNOWN_KEY) {
                    refused.add(witness.name() + " (" + e.getMessage() + ")");
                }
            }
        }
        if (cosigners.size() < policy.quorum()) {
            return new Result(checkpoint, cosigners, Finding.ofLog(NO_QUORUM, "checkpoint at tree size "
                    + checkpoint.treeSize() + " is cosigned by " + cosigners.size() + " of the policy's witnesses "
                    + cosigners + ", the quorum is " + policy.quorum()
                    + (refused.isEmpty() ? "" : "; invalid cosignatures: " + refused)));
        }
        return new Result(checkpoint, cosigners, null);
    }
}
