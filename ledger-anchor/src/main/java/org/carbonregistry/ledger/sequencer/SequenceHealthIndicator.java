package org.carbonregistry.ledger.sequencer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.carbonregistry.ledger.storage.SequenceStore;
import org.carbonregistry.ledger.storage.StoredSequenceAnomaly;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Gaps and repeats in aggregates' event sequences, in {@code /actuator/health} (not in readiness). It stays UP with
 * the count and the latest anomalies as details: an anomaly is a permanent fact about what the registry published,
 * not a fault of this instance, and a DOWN that no operator action can clear would only teach people to ignore the
 * health check. The alarm is the counter {@code ledger_sequence_anomalies_total{kind}} (alert on any increase), the
 * WARN log line per anomaly, {@code GET /api/sequence-anomalies} and the audit's output.
 */
public final class SequenceHealthIndicator implements HealthIndicator {

    private static final int LATEST = 5;

    private final SequenceStore sequences;

    public SequenceHealthIndicator(SequenceStore sequences) {
        this.sequences = sequences;
    }

    @Override
    public Health health() {
        Map<String, Long> byKind = sequences.countByKind();
        long total = byKind.values().stream().mapToLong(Long::longValue).sum();
        Health.Builder health = Health.up().withDetail("anomalies", total).withDetail("byKind", byKind);
        if (total > 0) {
            health.withDetail("latest", sequences.latestAnomalies(LATEST).stream().map(SequenceHealthIndicator::view).toList());
        }
        return health.build();
    }

    private static Map<String, Object> view(StoredSequenceAnomaly stored) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("kind", stored.anomaly().kind().wireName());
        view.put("aggregateId", stored.aggregateId());
        view.put("expected", stored.anomaly().expected());
        view.put("got", stored.anomaly().got());
        view.put("eventId", stored.eventId());
        view.put("leafIndex", stored.leafIndex());
        view.put("seenAt", stored.seenAt().toString());
        return view;
    }
}
