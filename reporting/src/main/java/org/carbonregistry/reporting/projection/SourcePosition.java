package org.carbonregistry.reporting.projection;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How far a report reaches into the event stream: the last event it includes, per partition the offset of the last
 * record it reflects, and the projection watermark every query of the report is bounded by, so that a report's
 * summary and annex agree even while the consumer goes on writing.
 *
 * @param asOf      null for a report of the projection as it stands; otherwise the cut-off event time
 * @param watermark internal: per partition, the offset below which every applied record is included (the stored
 *                  next offset; per partition because instances write partitions independently; never shown)
 */
public record SourcePosition(String topic, Instant asOf, List<PartitionPosition> partitions, UUID lastEventId,
                             Instant lastEventTime, Map<Integer, Long> watermark) {

    /** @param lastOffset the offset of the last record of the partition the report reflects */
    public record PartitionPosition(int partition, long lastOffset, Instant lastEventTime) {
    }
}
