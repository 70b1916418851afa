package org.carbonregistry.ledger.sequencer;

/** Another sequencer took the lease over (a higher epoch): this one must stop writing at once. */
public class LeaseLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
