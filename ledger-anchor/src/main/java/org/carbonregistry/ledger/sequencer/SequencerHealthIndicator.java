package org.carbonregistry.ledger.sequencer;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The sequencer's part of readiness: a standby or a read-only replica is ready, it serves proofs; the sequencer
 * is down while Kafka does not answer, its steps keep failing, no registry key is trusted yet, or a partition is
 * stopped because its next record is gone from the broker.
 */
public final class SequencerHealthIndicator implements HealthIndicator {

    private static final int FAILURES_BEFORE_DOWN = 3;

    private final KafkaSequencer sequencer;
    private final Clock clock;

    /** @param sequencer null on a read-only replica ({@code ledger.sequencer.enabled=false}) */
    public SequencerHealthIndicator(KafkaSequencer sequencer, Clock clock) {
        this.sequencer = sequencer;
        this.clock = clock;
    }

    @Override
    public Health health() {
        if (sequencer == null) {
            return Health.up().withDetail("role", "DISABLED").withDetail("note", "read-only replica: serves proofs, never sequences").build();
        }
        SequencerStatus status = sequencer.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", status.role());
        details.put("instance", status.holder());
        details.put("treeSize", status.treeSize());
        if ("SEQUENCER".equals(status.role())) {
            details.put("leaseEpoch", status.epoch());
            details.put("partitions", status.partitions());
            details.put("kafkaReachable", status.kafkaReachable());
            details.put("lag", status.lag());
            if (status.lastPoll() != null) {
                details.put("lastPollAgoMs", Duration.between(status.lastPoll(), clock.instant()).toMillis());
            }
        }
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
            details.put("lastErrorAt", status.lastErrorAt().toString());
        }
        details.put("consecutiveFailures", status.consecutiveFailures());
        if (status.registryKeyProblem() != null) {
            details.put("registryKey", status.registryKeyProblem());
        }
        if (!status.stoppedPartitions().isEmpty()) {
            details.put("stoppedPartitions", status.stoppedPartitions().stream().map(stopped -> {
                Map<String, Object> partition = new LinkedHashMap<>();
                partition.put("topic", stopped.topic());
                partition.put("partition", stopped.partition());
                partition.put("expectedOffset", stopped.expectedOffset());
                partition.put("earliestOffset", stopped.earliestOffset());
                partition.put("reason", stopped.reason());
                return partition;
            }).toList());
        }
        List<String> reasons = new java.util.ArrayList<>();
        if (status.consecutiveFailures() >= FAILURES_BEFORE_DOWN) {
            reasons.add(status.consecutiveFailures() + " sequencer steps failed in a row");
        }
        if ("SEQUENCER".equals(status.role()) && !status.kafkaReachable()) {
            reasons.add("Kafka does not answer");
        }
        if (status.registryKeyProblem() != null) {
            reasons.add(status.registryKeyProblem());
        }
        status.stoppedPartitions().forEach(stopped -> reasons.add(stopped.reason()));
        if (!reasons.isEmpty()) {
            details.put("reason", String.join("; ", reasons));
        }
        return (reasons.isEmpty() ? Health.up() : Health.down()).withDetails(details).build();
    }
}
