package org.carbonregistry.monitor;

/**
 * Something the monitor found wrong. Event findings name the event and its leaf; log findings (a bad checkpoint, a
 * fork, too few witnesses) have no event, so {@code leafIndex} is -1 and {@code eventId} null.
 *
 * @param rule a stable wire name, e.g. {@code serial-issued-twice}, so scripts can match on it
 */
public record Finding(String rule, long leafIndex, String eventId, String aggregateId, String detail) {

    public static Finding ofLog(String rule, String detail) {
        return new Finding(rule, -1, null, null, detail);
    }

    public boolean concernsALeaf() {
        return leafIndex >= 0;
    }

    /** One line for people: the rule, where, and why. */
    public String describe() {
        String where = concernsALeaf()
                ? " at leaf " + leafIndex + (eventId == null ? "" : " event " + eventId)
                        + (aggregateId == null ? "" : " (aggregate " + aggregateId + ")")
                : "";
        return rule + where + ": " + detail;
    }
}
