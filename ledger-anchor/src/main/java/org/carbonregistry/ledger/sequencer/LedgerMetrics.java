package org.carbonregistry.ledger.sequencer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicLong;

/** The sequencer's meters: leaves appended, records quarantined or deduplicated, checkpoints, tree size, lag. */
public final class LedgerMetrics {

    private final Counter appended;
    private final Counter quarantined;
    private final Counter duplicates;
    private final Counter sealed;
    private final Timer sealing;
    private final Timer appendBatch;
    private final AtomicLong treeSize = new AtomicLong();
    private final AtomicLong lag = new AtomicLong(-1);

    public LedgerMetrics(MeterRegistry registry) {
        appended = Counter.builder("ledger.leaves.appended").description("Leaves appended to the log").register(registry);
        quarantined = Counter.builder("ledger.records.quarantined")
                .description("Kafka records that were not canonical envelopes (or reused an event id), kept in quarantine")
                .register(registry);
        duplicates = Counter.builder("ledger.records.duplicates")
                .description("Kafka records whose event id was already in the log (at-least-once redelivery)").register(registry);
        sealed = Counter.builder("ledger.checkpoints.sealed").description("Checkpoints sealed").register(registry);
        sealing = Timer.builder("ledger.checkpoint.seal").description("Signing and storing a checkpoint")
                .publishPercentiles(0.5, 0.99).register(registry);
        appendBatch = Timer.builder("ledger.append.batch").description("One append transaction")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("ledger.tree.size", treeSize, AtomicLong::get).description("Leaves in the log").register(registry);
        Gauge.builder("ledger.kafka.lag", lag, AtomicLong::get)
                .description("Records on the topic not yet appended (-1 when unknown)").register(registry);
    }

    void recorded(AppendReport report) {
        appended.increment(report.appended());
        quarantined.increment(report.quarantined());
        duplicates.increment(report.duplicates());
        treeSize.set(report.treeSize());
    }

    void sealed(long nanos) {
        sealed.increment();
        sealing.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void appendTook(long nanos) {
        appendBatch.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void treeSize(long size) {
        treeSize.set(size);
    }

    void lag(long records) {
        lag.set(records);
    }
}
