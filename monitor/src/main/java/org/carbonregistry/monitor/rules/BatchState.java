package org.carbonregistry.monitor.rules;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor keeps of one batch: serial ranges per holder, retired, cancelled and invalidated, never the events. Memory
 * grows with the number of holders and blocks, not with the length of the log.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class BatchState {

    long issued;
    /** serials held by all accounts together, kept as a count so a check costs nothing per holder */
    long held;
    boolean frozen;
    /** a {@code BatchInvalidated} was applied: nothing of the batch may move or change status afterwards */
    boolean invalidated;
    /** Set at issuance, for the buffer rules; null in state saved before them (such a batch gets no contribution). */
    String projectId;
    String issuedTo;
    long issuedLast;
    /** The account that received the batch's buffer contribution; null while it has none. */
    String bufferAccount;
    final Map<String, SerialRanges> holders = new HashMap<>();
    final SerialRanges retired = new SerialRanges();
    final SerialRanges cancelled = new SerialRanges();
    /** serials held when the batch was invalidated, cancelled by it */
    final SerialRanges invalidatedSerials = new SerialRanges();
    /** Temporary removals only: the day held credits expire (at its start, UTC), and those that did. */
    LocalDate expiresOn;
    boolean expiredAlready;
    final SerialRanges expired = new SerialRanges();

    SerialRanges holdingsOf(String account) {
        return holders.getOrDefault(account, new SerialRanges());
    }

    void add(String account, List<SerialBlock> blocks) {
        // one String per account, not one per event that moved credits to it: a few accounts hold in many batches
        SerialRanges ranges = holders.computeIfAbsent(account.intern(), a -> new SerialRanges());
        long before = ranges.total();
        ranges.addAll(blocks);
        held += ranges.total() - before;
    }

    /** Removes blocks the caller has checked are held. */
    void remove(String account, List<SerialBlock> blocks) {
        SerialRanges ranges = holders.get(account);
        long before = ranges.total();
        ranges.removeAll(blocks);
        held -= before - ranges.total();
        if (ranges.isEmpty()) {
            holders.remove(account);
        }
    }

    /** Whether every serial of {@code block} is in {@code ranges}; leaves {@code ranges} as it was. */
    static boolean holdsAll(SerialRanges ranges, SerialBlock block) {
        try {
            ranges.remove(block);
        } catch (IllegalArgumentException notHeld) {
            return false;
        }
        ranges.add(block);
        return true;
    }

    /** Whether any serial of {@code block} is in {@code ranges}; leaves {@code ranges} as it was. */
    static boolean holdsAny(SerialRanges ranges, SerialBlock block) {
        try {
            ranges.add(block);
        } catch (IllegalArgumentException overlap) {
            return true;
        }
        ranges.remove(block);
        return false;
    }
}
