package org.carbonregistry.ledger.sequencer;

import java.time.Instant;
import java.util.List;

/**
 * What the sequencer is doing, for health and operators.
 *
 * @param role               {@code SEQUENCER} (holds the lease, consumes), {@code STANDBY} (serves proofs, waits for
 *                           the lease) or {@code DISABLED} (a read-only replica by configuration)
 * @param kafkaReachable     whether the last check of the topic's end offsets answered
 * @param lag                records on the topic not yet appended, or -1 when unknown
 * @param registryKeyProblem why no registry key is trusted yet (nothing is appended until one is), or null
 * @param stoppedPartitions  partitions not consumed because their next record is gone from the broker
 */
public record SequencerStatus(String role, String holder, long epoch, long treeSize, List<Integer> partitions,
                              boolean kafkaReachable, long lag, Instant lastPoll, String lastError, Instant lastErrorAt,
                              int consecutiveFailures, String registryKeyProblem, List<StoppedPartition> stoppedPartitions) {
}
