package org.carbonregistry.ledger.verify;

/** A proof document is not in the documented JSON shape. */
public class ProofDocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProofDocumentException(String message) {
        super(message);
    }
}
