package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.monitor.Finding;

import java.util.List;

/** The latest checkpoint, signed by the policy's log and cosigned by witnesses that meet the policy's quorum. */
public final class CheckpointCheck {

    public static final String BAD_CHECKPOINT = "checkpoint-signature";
    public static final String NO_QUORUM = "witness-quorum";

    private final TlogPolicy policy;

    public CheckpointCheck(TlogPolicy policy) {
        this.policy = policy;
    }

    /** The note as served, its checkpoint and the witnesses that cosigned it; a finding when it is not to be trusted. */
    public record Result(String note, Checkpoint checkpoint, List<String> cosigners, Finding finding) {
        public boolean trusted() {
            return finding == null;
        }

        /** Signed by the log, but not (yet) cosigned by enough witnesses. */
        public boolean awaitsWitnesses() {
            return finding != null && NO_QUORUM.equals(finding.rule());
        }
    }

    public Result check(String signedNote) {
        TlogPolicy.Verified verified;
        try {
            verified = policy.verify(signedNote);
        } catch (NoteException e) {
            // a bad log signature, an unknown origin, or a cosignature by a listed witness that does not verify
            return new Result(signedNote, null, List.of(), Finding.ofLog(BAD_CHECKPOINT, "the checkpoint is refused under the policy: "
                    + e.getMessage()));
        }
        List<String> cosigners = List.copyOf(verified.cosignatures().keySet());
        if (!verified.quorumMet()) {
            return new Result(signedNote, verified.checkpoint(), cosigners, Finding.ofLog(NO_QUORUM, "checkpoint at tree size "
                    + verified.checkpoint().treeSize() + " is cosigned by " + cosigners
                    + ", which does not meet the policy's quorum '" + policy.quorum() + "'"));
        }
        return new Result(signedNote, verified.checkpoint(), cosigners, null);
    }
}
