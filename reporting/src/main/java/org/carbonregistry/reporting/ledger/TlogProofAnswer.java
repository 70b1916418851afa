package org.carbonregistry.reporting.ledger;

/** What the ledger-anchor service says when asked for an event's c2sp.org/tlog-proof. */
public sealed interface TlogProofAnswer {

    /**
     * The proof, verbatim as the ledger served it; its entry is the event as reporting received it, its checkpoint is
     * signed by the ledger's key and its inclusion proof leads there. The witnesses' cosignatures are the holder's to
     * check against a policy ({@code verify --tlog-proof f --policy p}): reporting pins only the ledger's key.
     */
    record Proof(String text, long index, long treeSize) implements TlogProofAnswer {
    }

    /** No checkpoint covers the event yet (HTTP 404); {@code retryAfter} as the ledger sent it, if it did. */
    record NotYetCheckpointed(String retryAfter) implements TlogProofAnswer {
    }

    /** The ledger could not be asked, or answered with an error. */
    record Unreachable(String reason) implements TlogProofAnswer {
    }

    /** The ledger answered with a proof that does not hold for this event: never printed as proof. */
    record Unverified(String reason) implements TlogProofAnswer {
    }
}
