package org.carbonregistry.reporting.ledger;

/** What the ledger-anchor service says about one event. */
public sealed interface LedgerAnswer {

    /**
     * The event is leaf {@code leafIndex} of the log: the checkpoint is signed by the ledger's key and the inclusion
     * proof leads from the event as reporting received it to the checkpoint's root.
     */
    record Anchored(long leafIndex, long treeSize, String rootHash, String origin, String checkpoint)
            implements LedgerAnswer {
    }

    /** The ledger does not have the event yet (HTTP 404); {@code retryAfter} as the ledger sent it, if it did. */
    record NotYetAnchored(String retryAfter) implements LedgerAnswer {
    }

    /** The ledger could not be asked, or answered with an error. */
    record Unreachable(String reason) implements LedgerAnswer {
    }

    /** The ledger answered, but its proof does not hold for this event: something to investigate, never to print as proof. */
    record Unverified(String reason) implements LedgerAnswer {
    }
}
