package org.carbonregistry.reporting.projection;

import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A Bloom filter of the event ids in the projection: "certainly not applied" for almost every new event, so the
 * deduplication check asks the database only about the few it might have seen (redeliveries, and about 1 % false
 * alarms). Built by one scan of {@code rpt_events} when first used, and grown (rebuilt) as the table grows. A false
 * "maybe" only costs a lookup, so ids of a unit that then rolled back may stay in it.
 */
final class AppliedEventIds {

    private static final int BITS_PER_ID = 10;
    private static final int HASHES = 7;
    private static final long MIN_CAPACITY = 1_000_000;

    private final Consumer<Consumer<UUID>> scanAll;
    private BitSet bits;
    private long capacity;
    private long count;

    /** @param scanAll hands over every event id in the projection */
    AppliedEventIds(Consumer<Consumer<UUID>> scanAll) {
        this.scanAll = scanAll;
    }

    /** The ids that may have been applied before; the others certainly were not. */
    List<UUID> mayContain(Collection<UUID> ids) {
        ensureBuilt();
        return ids.stream().filter(this::mightContain).toList();
    }

    void addAll(Collection<UUID> ids) {
        if (bits == null) {
            return; // built from the table, which has them, on first use
        }
        ids.forEach(this::add);
        if (count > capacity) {
            clear(); // rebuilt, larger, on next use
        }
    }

    void clear() {
        bits = null;
        count = 0;
    }

    private void ensureBuilt() {
        if (bits != null) {
            return;
        }
        long[] seen = {0};
        scanAll.accept(id -> seen[0]++);
        capacity = Math.max(MIN_CAPACITY, seen[0] * 2);
        bits = new BitSet(Math.toIntExact(Math.min(Integer.MAX_VALUE - 64, capacity * BITS_PER_ID)));
        count = 0;
        scanAll.accept(this::add);
    }

    private void add(UUID id) {
        long h1 = id.getMostSignificantBits();
        long h2 = id.getLeastSignificantBits();
        for (int i = 0; i < HASHES; i++) {
            bits.set(index(h1, h2, i));
        }
        count++;
    }

    private boolean mightContain(UUID id) {
        long h1 = id.getMostSignificantBits();
        long h2 = id.getLeastSignificantBits();
        for (int i = 0; i < HASHES; i++) {
            if (!bits.get(index(h1, h2, i))) {
                return false;
            }
        }
        return true;
    }

    /** Double hashing over the id's 128 bits (random in a version-4 UUID); mixed in case ids are not random. */
    private int index(long h1, long h2, int i) {
        long combined = mix(h1 + i * mix(h2));
        return (int) Long.remainderUnsigned(combined, bits.size());
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        return x ^ (x >>> 33);
    }
}
