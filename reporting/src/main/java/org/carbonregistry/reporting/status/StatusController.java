package org.carbonregistry.reporting.status;

import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionPositions;
import org.carbonregistry.reporting.projection.RegistryEventsConsumer;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.projection.TopicInspector;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.reporting.trust.TrustedKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final JdbcTemplate jdbc;
    private final PersonalDataCounters personalData;
    private final TrustedKeys<EnvelopeVerifier> registryKeys;

    StatusController(JdbcProjectionStore store, ProjectionPositions positions, TopicInspector inspector,
                     ObjectProvider<RegistryEventsConsumer> consumer, JdbcTemplate jdbc,
                     PersonalDataCounters personalData, TrustedKeys<EnvelopeVerifier> registryKeys) {
        this.personalData = personalData;
        this.registryKeys = registryKeys;
        this.store = store;
        this.positions = positions;
        this.inspector = inspector;
        this.consumer = consumer;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/status")
    Map<String, Object> status() {
        SourcePosition live = positions.live();
        String topic = live.topic();
        Map<Integer, Long> stored = store.storedOffsets(topic);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("topic", topic);

        Map<Integer, Long> ends = null;
        try {
            ends = inspector.endOffsets(topic);
            status.put("kafka", "reachable");
        } catch (TopicInspector.KafkaUnavailable e) {
            status.put("kafka", "unreachable: " + e.getMessage());
        }
        TreeSet<Integer> partitions = new TreeSet<>(stored.keySet());
        if (ends != null) {
            partitions.addAll(ends.keySet());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Long totalLag = ends == null ? null : 0L;
        for (int partition : partitions) {
            long next = stored.getOrDefault(partition, 0L);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("partition", partition);
            row.put("storedOffset", next);
            if (ends != null) {
                long end = ends.getOrDefault(partition, next);
                row.put("endOffset", end);
                row.put("lag", Math.max(0, end - next));
                totalLag += Math.max(0, end - next);
            } else {
                row.put("endOffset", null);
                row.put("lag", null);
            }
            rows.add(row);
        }
        status.put("partitions", rows);
        status.put("totalLag", totalLag);
        Map<String, Object> lastEvent = new LinkedHashMap<>();
        lastEvent.put("eventId", live.lastEventId() == null ? null : live.lastEventId().toString());
        lastEvent.put("eventTime", live.lastEventTime() == null ? null : live.lastEventTime().toString());
        status.put("lastEvent", lastEvent);

        Map<String, Object> projection = new LinkedHashMap<>();
        projection.put("events", count("rpt_events"));
        projection.put("accounts", count("rpt_accounts"));
        projection.put("projects", count("rpt_projects"));
        projection.put("batches", count("rpt_batches"));
        projection.put("retirements", count("rpt_retirements"));
        projection.put("anomalies", count("rpt_anomalies"));
        projection.put("quarantined", count("rpt_quarantine"));
        status.put("projection", projection);
        status.put("personalData", personalData.snapshot());
        status.put("registryKeys", registryKeys.source());

        RegistryEventsConsumer running = consumer.getIfAvailable();
        status.put("consumer", running == null ? Map.of("state", "DISABLED") : running.status());
        return status;
    }

    private long count(String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }
}
