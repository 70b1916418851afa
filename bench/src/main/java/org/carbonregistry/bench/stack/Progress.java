package org.carbonregistry.bench.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Samples, every few hundred milliseconds, how far the ledger has checkpointed (its latest checkpoint's size) and
 * how far reporting has projected (its stored offset per partition). Two cheap requests per sample instead of one
 * per retirement, so the sampling itself hardly loads the services; afterwards each retirement's leaf index and
 * Kafka position say in which sample it was first covered, to within one sampling interval.
 */
final class Progress implements AutoCloseable {

    /** One sample; {@code nanos} is {@link System#nanoTime()}. */
    record Sample(long nanos, long checkpointSize, Map<Integer, Long> reportingOffsets) {
    }

    private final StackApi api;
    private final long intervalMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean stopped;

    Progress(StackApi api, long intervalMillis) {
        this.api = api;
        this.intervalMillis = intervalMillis;
        this.sampler = new Thread(this::sample, "progress-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!stopped) {
            try {
                long size = api.checkpointSize();
                Map<Integer, Long> offsets = api.reportingOffsets();
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime(), size, offsets));
                }
            } catch (java.io.IOException notNow) {
                // a service is slow or restarting: the next sample will tell
            } catch (InterruptedException e) {
                return;
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** When the ledger's checkpoint first covered the leaf, if any sample saw it. */
    static OptionalLong checkpointed(List<Sample> samples, long leafIndex) {
        return first(samples, sample -> sample.checkpointSize() > leafIndex);
    }

    /** When reporting first had the record at {@code offset} of {@code partition} stored, if any sample saw it. */
    static OptionalLong reported(List<Sample> samples, int partition, long offset) {
        return first(samples, sample -> sample.reportingOffsets().getOrDefault(partition, 0L) > offset);
    }

    private static OptionalLong first(List<Sample> samples, Predicate<Sample> covered) {
        for (Sample sample : samples) {
            if (covered.test(sample)) {
                return OptionalLong.of(sample.nanos());
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.interrupt();
        sampler.join(5_000);
    }
}
