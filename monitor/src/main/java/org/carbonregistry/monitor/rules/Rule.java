package org.carbonregistry.monitor.rules;

/**
 * The registry's rules as the monitor replays them, each with the name a finding carries. They mirror what
 * registry-service's {@code CreditBatch} and {@code Account} aggregates refuse, re-derived from the events alone.
 */
public enum Rule {
    /** The leaf is not a canonical envelope of a known event type. */
    MALFORMED_ENTRY("malformed-entry"),
    /** An aggregate's sequence numbers skip one: an event is missing from the log. */
    SEQUENCE_GAP("sequence-gap"),
    /** An aggregate's sequence number comes again: an event is doubled or rewritten. */
    SEQUENCE_REPEAT("sequence-repeat"),
    /** A batch event sits under another aggregate id than its batch. */
    BATCH_AGGREGATE("batch-aggregate"),
    /** Quantity out of 1..10^9, or not the number of serials the event's blocks hold. */
    QUANTITY("quantity-mismatch"),
    /** A batch issued twice, or an event for a batch that was never issued. */
    BATCH_LIFECYCLE("batch-lifecycle"),
    /** Serials that some batch (this or another) already issued. */
    SERIAL_ISSUED_TWICE("serial-issued-twice"),
    /** Serials moved from an account that does not hold them. */
    NOT_HOLDER("moved-from-non-holder"),
    /** Serials moved after they were retired. */
    MOVED_AFTER_RETIREMENT("moved-after-retirement"),
    /** Serials moved after they were cancelled. */
    MOVED_AFTER_CANCELLATION("moved-after-cancellation"),
    /** Credits moved while their batch was frozen, or a freeze/unfreeze that did not change the status. */
    FROZEN("frozen-batch"),
    /**
     * A batch invalidated twice; credits moved, the batch frozen or unfrozen, or its Article 6 authorisation or
     * corresponding adjustment changed, after its invalidation; or an
     * invalidation that left credits held or whose quantity is not the sum of the holdings it cancels.
     */
    INVALIDATED("invalidated-batch"),
    /** A transfer whose sender and receiver are one account. */
    TRANSFER_TO_SELF("transfer-to-self"),
    /** A move that did not take the holder's lowest serials first, as the registry allocates them. */
    LOWEST_FIRST("not-lowest-serials"),
    /** held + retired + cancelled + invalidated != issued after the event. */
    CONSERVATION("conservation"),
    /** An account event sits under another aggregate id than its account. */
    ACCOUNT_AGGREGATE("account-aggregate"),
    /** A retirement plan planned twice, withdrawn without being planned or withdrawn twice, or of no tonnes. */
    RETIREMENT_PLAN("retirement-plan"),
    /** A retirement backing a second claim: a retirement backs at most one claim. */
    CLAIMED_TWICE("retirement-claimed-twice"),
    /** A claim without retirements, or whose tonnes are not the sum of its retirements' tonnes. */
    CLAIM_TONNES("claim-tonnes"),
    /** A label registered twice, a built-in label registered, a code outside [A-Z0-9_]{2,40}, or another aggregate. */
    LABEL_VOCABULARY("label-vocabulary"),
    /**
     * A buffer contribution that is not its issuance's share (floor of issued x percent / 100, the top serials, from
     * the issuance's recipient, right after the issuance, once), or a reversal that cancels credits other than the
     * batch's buffer holds, for another project, or more than the reversal itself.
     */
    BUFFER("buffer-pool"),
    /**
     * A batch expired without an expiry date, before it, twice, with another date than issued, or without every
     * held credit (EU CRCF temporary removals).
     */
    EXPIRY("expiry"),
    /** Serials moved after their batch expired (or its expiry date passed). */
    MOVED_AFTER_EXPIRY("moved-after-expiry");

    private final String wireName;

    Rule(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
