package org.carbonregistry.reporting.status;

import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionCounts;
import org.carbonregistry.reporting.projection.ProjectionPositions;
import org.carbonregistry.reporting.projection.RegistryEventsConsumer;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.projection.TopicInspector;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.reporting.trust.TrustedKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/status}: how far the projection has got (stored offsets against the topic's end offsets, i.e.
 * the consumer lag), what the consumer is doing, and how much is projected. Public: it names no account.
 */
@RestController
class StatusController {

    private final JdbcProjectionStore store;
    private final ProjectionPositions positions;
    private final TopicInspector inspector;
    private final ObjectProvider<RegistryEventsConsumer> consumer;
    private final PersonalDataCounters personalData;
    private final TrustedKeys<EnvelopeVerifier> registryKeys;

    StatusController(JdbcProjectionStore store, ProjectionPositions positions, TopicInspector inspector,
                     ObjectProvider<RegistryEventsConsumer> consumer,
                     PersonalDataCounters personalData, TrustedKeys<EnvelopeVerifier> registryKeys) {
        this.personalData = personalData;
        this.registryKeys = registryKeys;
        this.store = store;
        this.positions = positions;
        this.inspector = inspector;
        this.consumer = consumer;
    }

    /** {@code endOffset} and {@code lag} are null while Kafka cannot be asked. */
    record PartitionStatus(int partition, long storedOffset, Long endOffset, Long lag) {
    }

    record LastEvent(String eventId, String eventTime) {
    }

    /**
     * {@code kafka}: "reachable" or "unreachable: why"; {@code totalLag} null while unreachable; {@code consumer}:
     * the consumer's state, or {@code {"state": "DISABLED"}} on an instance that does not consume.
     */
    record Status(String topic, String kafka, List<PartitionStatus> partitions, Long totalLag, LastEvent lastEvent,
                  ProjectionCounts projection, Map<String, Long> personalData, String registryKeys, Object consumer) {
    }

    @GetMapping("/api/status")
    Status status() {
        SourcePosition live = positions.live();
        String topic = live.topic();
        Map<Integer, Long> stored = store.storedOffsets(topic);
        String kafka;
        Map<Integer, Long> ends = null;
        try {
            ends = inspector.endOffsets(topic);
            kafka = "reachable";
        } catch (TopicInspector.KafkaUnavailable e) {
            kafka = "unreachable: " + e.getMessage();
        }
        TreeSet<Integer> partitions = new TreeSet<>(stored.keySet());
        if (ends != null) {
            partitions.addAll(ends.keySet());
        }
        List<PartitionStatus> rows = new ArrayList<>();
        Long totalLag = ends == null ? null : 0L;
        for (int partition : partitions) {
            long next = stored.getOrDefault(partition, 0L);
            if (ends != null) {
                long end = ends.getOrDefault(partition, next);
                rows.add(new PartitionStatus(partition, next, end, Math.max(0, end - next)));
                totalLag += Math.max(0, end - next);
            } else {
                rows.add(new PartitionStatus(partition, next, null, null));
            }
        }
        LastEvent lastEvent = new LastEvent(live.lastEventId() == null ? null : live.lastEventId().toString(),
                live.lastEventTime() == null ? null : live.lastEventTime().toString());
        ProjectionCounts projection = store.counts();
        RegistryEventsConsumer running = consumer.getIfAvailable();
        return new Status(topic, kafka, rows, totalLag, lastEvent, projection, personalData.snapshot(),
                registryKeys.source(), running == null ? Map.of("state", "DISABLED") : running.status());
    }
}
