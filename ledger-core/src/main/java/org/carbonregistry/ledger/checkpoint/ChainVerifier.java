package org.carbonregistry.ledger.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.carbonregistry.ledger.checkpoint.NoteException.Reason;

/**
 * Verifies a run of consecutive signed checkpoints: every signature, and that every checkpoint after
 * the first names the SHA-256 of the full signed note before it, keeps the origin, and does not
 * shrink the tree. That the trees themselves extend each other is a consistency proof's job.
 */
public final class ChainVerifier {

    private final NoteVerifier verifier;

    public ChainVerifier(NoteVerifier verifier) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /** Verifies a run that may start anywhere in the chain. */
    public List<Checkpoint> verify(List<String> signedNotes) throws NoteException {
        List<Checkpoint> checkpoints = new ArrayList<>(signedNotes.size());
        for (int i = 0; i < signedNotes.size(); i++) {
            Checkpoint checkpoint;
            try {
                checkpoint = verifier.verify(signedNotes.get(i));
            } catch (NoteException e) {
                throw new NoteException(e.reason(), "checkpoint " + i + ": " + e.getMessage());
            }
            if (i > 0) {
                Checkpoint previous = checkpoints.get(i - 1);
                if (!checkpoint.follows(signedNotes.get(i - 1))) {
                    throw new NoteException(Reason.BROKEN_CHAIN, "checkpoint " + i + " (tree size " + checkpoint.treeSize()
                            + ") does not name the hash of checkpoint " + (i - 1) + " (tree size " + previous.treeSize() + ")");
                }
                if (!checkpoint.origin().equals(previous.origin())) {
                    throw new NoteException(Reason.BROKEN_CHAIN, "checkpoint " + i + " has origin " + checkpoint.origin()
                            + ", the one before it " + previous.origin());
                }
                if (checkpoint.treeSize() < previous.treeSize()) {
                    throw new NoteException(Reason.BROKEN_CHAIN, "checkpoint " + i + " shrinks the tree from "
                            + previous.treeSize() + " to " + checkpoint.treeSize());
                }
            }
            checkpoints.add(checkpoint);
        }
        return List.copyOf(checkpoints);
    }

    /** Verifies a run that must start with the log's first checkpoint, which has no prev line. */
    public List<Checkpoint> verifyFromGenesis(List<String> signedNotes) throws NoteException {
        List<Checkpoint> checkpoints = verify(signedNotes);
        if (!checkpoints.isEmpty() && checkpoints.get(0).prevNoteHash().isPresent()) {
            throw new NoteException(Reason.BROKEN_CHAIN, "checkpoint 0 names a predecessor, so it is not the first checkpoint");
        }
        return checkpoints;
    }
}
