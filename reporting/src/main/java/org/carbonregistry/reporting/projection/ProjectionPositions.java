package org.carbonregistry.reporting.projection;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Reads {@link SourcePosition}s: of the projection as it stands, or of the events up to an instant. */
public class ProjectionPositions {

    private final JdbcTemplate jdbc;
    private final String topic;

    public ProjectionPositions(JdbcTemplate jdbc, String topic) {
        this.jdbc = jdbc;
        this.topic = topic;
    }

    /**
     * The stored consumer offsets, read in one statement: they were written in the same transactions as the rows,
     * so they and the watermark describe exactly what is committed up to the watermark.
     */
    public SourcePosition live() {
        List<SourcePosition.PartitionPosition> partitions = new ArrayList<>();
        Map<Integer, Long> watermark = new TreeMap<>();
        Object[] last = {null, null}; // event id, event time
        jdbc.query("SELECT kafka_partition, next_offset, last_event_id, last_event_time"
                        + " FROM rpt_consumer_offsets WHERE topic = ? ORDER BY kafka_partition",
                rs -> {
                    Instant time = JdbcProjectionStore.instant(rs, 4);
                    partitions.add(new SourcePosition.PartitionPosition(rs.getInt(1), rs.getLong(2) - 1, time));
                    watermark.put(rs.getInt(1), rs.getLong(2));
                    String eventId = rs.getString(3);
                    if (eventId != null && later(time, eventId, (Instant) last[1], (String) last[0])) {
                        last[0] = eventId;
                        last[1] = time;
                    }
                }, topic);
        return new SourcePosition(topic, null, List.copyOf(partitions), last[0] == null ? null : UUID.fromString((String) last[0]),
                (Instant) last[1], Map.copyOf(watermark));
    }

    /** The events with {@code occurredAt <= asOf} among those projected up to the live watermark. */
    public SourcePosition asOf(Instant asOf) {
        Map<Integer, Long> watermark = live().watermark();
        String applied = applied(watermark);
        List<SourcePosition.PartitionPosition> partitions = new ArrayList<>();
        jdbc.query("SELECT kafka_partition, MAX(kafka_offset), MAX(occurred_at) FROM rpt_events"
                        + " WHERE occurred_at <= ? AND " + applied + " GROUP BY kafka_partition ORDER BY kafka_partition",
                ps -> JdbcProjectionStore.setInstant(ps, 1, asOf),
                rs -> {
                    partitions.add(new SourcePosition.PartitionPosition(rs.getInt(1), rs.getLong(2),
                            JdbcProjectionStore.instant(rs, 3)));
                });
        Object[] last = {null, null};
        jdbc.query("SELECT event_id, occurred_at FROM rpt_events WHERE occurred_at <= ? AND " + applied
                        + " ORDER BY occurred_at DESC, event_id DESC FETCH FIRST 1 ROWS ONLY",
                ps -> JdbcProjectionStore.setInstant(ps, 1, asOf),
                rs -> {
                    last[0] = UUID.fromString(rs.getString(1));
                    last[1] = JdbcProjectionStore.instant(rs, 2);
                });
        return new SourcePosition(topic, asOf, List.copyOf(partitions), (UUID) last[0], (Instant) last[1], watermark);
    }

    /** Rows applied below the stored offsets (numbers only, from the database: inlined). */
    private static String applied(Map<Integer, Long> watermark) {
        StringBuilder sql = new StringBuilder("(1 = 0");
        watermark.forEach((partition, next) -> sql.append(" OR kafka_partition = ").append(partition)
                .append(" AND kafka_offset < ").append(next));
        return sql.append(")").toString();
    }

    public SourcePosition at(Instant asOfOrNull) {
        return asOfOrNull == null ? live() : asOf(asOfOrNull);
    }

    private static boolean later(Instant time, String eventId, Instant bestTime, String bestId) {
        if (bestId == null) {
            return true;
        }
        int byTime = time.compareTo(bestTime);
        return byTime > 0 || byTime == 0 && eventId.compareTo(bestId) > 0;
    }
}
