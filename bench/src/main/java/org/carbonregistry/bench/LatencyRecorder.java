package org.carbonregistry.bench;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Latencies of one measured run, from any number of threads; the first few errors are kept to be shown. */
final class LatencyRecorder {

    private static final int ERRORS_SHOWN = 3;

    private final long[] nanos;
    private final AtomicInteger recorded = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();

    LatencyRecorder(int capacity) {
        this.nanos = new long[capacity];
    }

    /** Every answered command counts, refused ones too: a refusal is as slow as it is. */
    void record(long latencyNanos) {
        int index = recorded.getAndIncrement();
        if (index < nanos.length) {
            nanos[index] = latencyNanos;
        }
    }

    void error(String description) {
        if (errors.incrementAndGet() <= ERRORS_SHOWN) {
            firstErrors.add(description);
        }
    }

    int errors() {
        return errors.get();
    }

    int count() {
        return Math.min(recorded.get(), nanos.length);
    }

    /** Sorted copy of what was recorded; call once the run is over. */
    long[] sorted() {
        long[] copy = Arrays.copyOf(nanos, count());
        Arrays.sort(copy);
        return copy;
    }

    Iterable<String> firstErrors() {
        return firstErrors;
    }
}
