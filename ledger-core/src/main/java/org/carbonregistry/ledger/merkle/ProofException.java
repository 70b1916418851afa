package org.carbonregistry.ledger.merkle;

/** A Merkle proof did not verify; the message says which check failed. */
public class ProofException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofException(String message) {
        super(message);
    }
}
