package org.carbonregistry.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A set of serial numbers kept as merged, ordered blocks: what one account holds of one batch. Taking
 * "the lowest serials first" is a walk from the front, and the block count stays small however often
 * credits move. Used by the batch aggregate and by every projection of holdings, so all agree.
 */
public final class SerialRanges {

    /** first serial -> last serial, blocks never touch or overlap */
    private final TreeMap<Long, Long> blocks = new TreeMap<>();
    private long total;

    public SerialRanges() {
    }

    private SerialRanges(SortedMap<Long, Long> blocks) {
        this.blocks.putAll(blocks);
    }

    @JsonCreator
    public static SerialRanges of(List<SerialBlock> blocks) {
        SerialRanges ranges = new SerialRanges();
        ranges.addAll(blocks);
        return ranges;
    }

    /** An independent copy, made in time linear in the number of blocks. */
    public SerialRanges copy() {
        SerialRanges copy = new SerialRanges(blocks);
        copy.total = total;
        return copy;
    }

    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    @JsonValue
    public List<SerialBlock> blocks() {
        List<SerialBlock> list = new ArrayList<>(blocks.size());
        blocks.forEach((first, last) -> list.add(new SerialBlock(first, last)));
        return list;
    }

    /** The lowest {@code quantity} serials, splitting the last block where needed; changes nothing. */
    public List<SerialBlock> lowest(long quantity) {
        if (quantity > total) {
            throw new IllegalArgumentException("only " + total + " serials held, " + quantity + " asked");
        }
        List<SerialBlock> taken = new ArrayList<>();
        long remaining = quantity;
        for (Map.Entry<Long, Long> block : blocks.entrySet()) {
            if (remaining == 0) {
                break;
            }
            long take = Math.min(block.getValue() - block.getKey() + 1, remaining);
            taken.add(new SerialBlock(block.getKey(), block.getKey() + take - 1));
            remaining -= take;
        }
        return taken;
    }

    public void addAll(List<SerialBlock> added) {
        added.forEach(this::add);
    }

    public void add(SerialBlock block) {
        long first = block.first();
        long last = block.last();
        Map.Entry<Long, Long> before = blocks.floorEntry(last);
        if (before != null && before.getValue() >= first) {
            throw new IllegalArgumentException("serials " + block + " overlap held " + blockOf(before));
        }
        Map.Entry<Long, Long> after = blocks.ceilingEntry(first);
        if (after != null && after.getKey() <= last) {
            throw new IllegalArgumentException("serials " + block + " overlap held " + blockOf(after));
        }
        if (before != null && before.getValue() == first - 1) {
            first = before.getKey();
            blocks.remove(before.getKey());
        }
        Long lastOfNext = blocks.remove(last + 1);
        if (lastOfNext != null) {
            last = lastOfNext;
        }
        blocks.put(first, last);
        total += block.quantity();
    }

    public void removeAll(List<SerialBlock> removed) {
        removed.forEach(this::remove);
    }

    public void remove(SerialBlock block) {
        Map.Entry<Long, Long> containing = blocks.floorEntry(block.first());
        if (containing == null || containing.getValue() < block.last()) {
            throw new IllegalArgumentException("serials " + block + " are not held");
        }
        blocks.remove(containing.getKey());
        if (containing.getKey() < block.first()) {
            blocks.put(containing.getKey(), block.first() - 1);
        }
        if (containing.getValue() > block.last()) {
            blocks.put(block.last() + 1, containing.getValue());
        }
        total -= block.quantity();
    }

    /**
     * Removes the serials of the block that are in the set and ignores the rest: what an account acquired in a period
     * loses when serials leave it, some of which it may have held before the period.
     */
    public void removeHeldPart(SerialBlock block) {
        Map.Entry<Long, Long> held = blocks.floorEntry(block.first());
        if (held == null || held.getValue() < block.first()) {
            held = blocks.higherEntry(block.first());
        }
        while (held != null && held.getKey() <= block.last()) {
            long last = Math.min(held.getValue(), block.last());
            remove(new SerialBlock(Math.max(held.getKey(), block.first()), last));
            held = blocks.higherEntry(last);
        }
    }

    private static SerialBlock blockOf(Map.Entry<Long, Long> entry) {
        return new SerialBlock(entry.getKey(), entry.getValue());
    }

    /** Two sets are equal when they hold the same serials (so two replays of one history compare equal). */
    @Override
    public boolean equals(Object other) {
        return other instanceof SerialRanges that && blocks.equals(that.blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        return blocks().toString();
    }
}
