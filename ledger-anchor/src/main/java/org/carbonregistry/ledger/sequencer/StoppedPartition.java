package org.carbonregistry.ledger.sequencer;

/**
 * A partition the sequencer stopped consuming because the record it must read next is no longer on the broker
 * (deleted by retention, or the topic was truncated or recreated). Skipping to what is there would drop events
 * from the log without a trace, so it waits for an operator.
 *
 * @param expectedOffset the next offset the ledger has to read (as committed with its leaves)
 * @param earliestOffset the partition's first offset still available
 * @param endOffset      the partition's end offset, or -1 when unknown
 */
public record StoppedPartition(String topic, int partition, long expectedOffset, long earliestOffset, long endOffset) {

    /** What happened, for readiness and logs. */
    public String reason() {
        String where = "partition " + topic + "-" + partition + ": the next offset to read, " + expectedOffset + ", ";
        if (expectedOffset < earliestOffset) {
            return where + "was deleted by retention (earliest available offset " + earliestOffset
                    + "); records " + expectedOffset + " to " + (earliestOffset - 1) + " never reached the ledger";
        }
        return where + "is beyond the partition's end " + endOffset + " (earliest " + earliestOffset
                + "): the topic was truncated or recreated";
    }
}
