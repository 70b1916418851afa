package org.carbonregistry.reporting.projection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How far a report reaches into the event stream: the last event it includes, per partition the offset of the last
 * record it reflects, and the projection watermark every query of the report is bounded by, so that a report's
 * summary and annex agree even while the consumer goes on writing.
 *
 * @param asOf      null for a report of the projection as it stands; otherwise the cut-off event time
 * @param watermark internal: the highest event sequence number included (not stable across replays, never shown)
 */
public record SourcePosition(String topic, Instant asOf, List<PartitionPosition> partitions, UUID lastEventId,
                             Instant lastEventTime, long watermark) {

    /** @param lastOffset the offset of the last record of the partition the report reflects */
    public record PartitionPosition(int partition, long lastOffset, Instant lastEventTime) {
    }
}
