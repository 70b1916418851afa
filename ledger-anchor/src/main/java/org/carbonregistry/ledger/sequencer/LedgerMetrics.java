package org.carbonregistry.ledger.sequencer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.storage.QuarantinedRecord;
import org.carbonregistry.ledger.verify.SequenceAnomaly;

/**
 * The sequencer's meters: leaves appended, records quarantined (by reason) or deduplicated, sequence anomalies (by
 * kind), checkpoints, tree size, lag, partitions stopped.
 */
public final class LedgerMetrics {

    private final MeterRegistry registry;
    private final Counter appended;
    private final Counter duplicates;
    private final Counter sealed;
    private final Timer sealing;
    private final Timer appendBatch;
    private final AtomicLong treeSize = new AtomicLong();
    private final AtomicLong lag = new AtomicLong(-1);
    private final AtomicLong stoppedPartitions = new AtomicLong();

    public LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
        appended = Counter.builder("ledger.leaves.appended").description("Leaves appended to the log").register(registry);
        // Registered up front so that a dashboard shows a zero rather than nothing.
        for (String reason : List.of(EnvelopeVerifier.REASON, QuarantinedRecord.NOT_CANONICAL, QuarantinedRecord.TOMBSTONE,
                QuarantinedRecord.EVENT_ID_REUSED)) {
            quarantined(reason);
        }
        for (SequenceAnomaly.Kind kind : SequenceAnomaly.Kind.values()) {
            anomalies(kind.wireName());
        }
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
        Gauge.builder("ledger.partitions.stopped", stoppedPartitions, AtomicLong::get)
                .description("Partitions whose next offset was deleted by retention: not consumed until an operator acts")
                .register(registry);
    }

    private Counter quarantined(String reason) {
        return Counter.builder("ledger.records.quarantined").tag("reason", reason)
                .description("Kafka records kept in quarantine instead of the log, by reason (bad-signature, not-canonical,"
                        + " tombstone, event-id-reused)")
                .register(registry);
    }

    private Counter anomalies(String kind) {
        return Counter.builder("ledger.sequence.anomalies").tag("kind", kind)
                .description("Gaps and repeats in aggregates' event sequences, by kind").register(registry);
    }

    void recorded(AppendReport report) {
        appended.increment(report.appended());
        report.quarantinedByReason().forEach((reason, count) -> quarantined(reason).increment(count));
        report.sequenceAnomalies().forEach(anomaly -> anomalies(anomaly.anomaly().kind().wireName()).increment());
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

    void stoppedPartitions(int count) {
        stoppedPartitions.set(count);
    }
}
