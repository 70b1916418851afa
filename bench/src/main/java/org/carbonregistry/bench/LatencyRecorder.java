package org.carbonregistry.bench;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies of one measured run, from any number of threads; the first few errors are kept to be shown. */
public final class LatencyRecorder {

    private static final int ERRORS_SHOWN = 3;

    private final long[] nanos;
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();

    public LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Every answered command counts, refused ones too: a refusal is as slow as it is. */
    public void record(long latencyNanos) {
        int index = recorded.getAndIncrement();
        if (index < nanos.length) {
            nanos[index] = latencyNanos;
        }
    }

    public void error(String description) {
        if (errors.incrementAndGet() <= ERRORS_SHOWN) {
            firstErrors.add(description);
        }
    }

    public int errors() {
        return errors.get();
    }

    public int count() {
        return Math.min(recorded.get(), nanos.length);
    }

    /** Sorted copy of what was recorded; call once the run is over. */
    public long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, count());
        Arrays.sort(copy);
        return copy;
    }

    public Iterable<String> firstErrors() {
        return firstErrors;
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds; 0 when there are none. */
    public static double percentileMillis(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
