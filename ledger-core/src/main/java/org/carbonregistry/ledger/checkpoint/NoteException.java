package org.carbonregistry.ledger.checkpoint;

/** A signed note, key or checkpoint was refused; {@link #reason()} says which kind of problem. */
public class NoteException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The note does not follow the signed-note format. */
        MALFORMED_NOTE,
        /** The note text is not a checkpoint in this ledger's format. */
        MALFORMED_CHECKPOINT,
        /** A verifier key string is not valid. */
        MALFORMED_KEY,
        /** The note carries no signature by the expected key. */
        UNKNOWN_KEY,
        /** A signature by the expected key does not verify. */
        BAD_SIGNATURE,
        /** A checkpoint does not name the hash of the checkpoint before it. */
        BROKEN_CHAIN
    }

    private final Reason reason;

    public NoteException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
