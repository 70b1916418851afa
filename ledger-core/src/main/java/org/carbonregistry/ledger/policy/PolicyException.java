package org.carbonregistry.ledger.policy;

/** A policy file that does not follow c2sp.org/tlog-policy; the message names the line and the rule. */
public class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
