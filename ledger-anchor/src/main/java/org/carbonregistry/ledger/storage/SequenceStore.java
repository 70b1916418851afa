package org.carbonregistry.ledger.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.ledger.verify.SequenceAnomaly;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The last envelope sequence per aggregate, the anomalies found, and how many leaves the tracking has seen. Written
 * inside the append transaction, so a crash neither loses nor repeats a tracked leaf.
 */
public final class SequenceStore {

    private static final int IN_CHUNK = 500;
    private static final RowMapper<StoredSequenceAnomaly> ANOMALY = (rs, row) -> new StoredSequenceAnomaly(rs.getLong(1),
            rs.getString(2), rs.getString(3), new SequenceAnomaly(SequenceAnomaly.Kind.fromWireName(rs.getString(4)),
            rs.getLong(5), rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)));
    private static final String ANOMALY_COLUMNS =
            "leaf_index, event_id, aggregate_id, kind, expected_sequence, got_sequence, seen_at";

    private final JdbcTemplate jdbc;

    public SequenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The last sequence of those of {@code aggregateIds} that were seen before. */
    public Map<String, Long> lastSequences(Collection<String> aggregateIds) {
        Map<String, Long> found = new HashMap<>();
        List<String> ids = List.copyOf(aggregateIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String placeholders = String.join(",", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT aggregate_id, last_sequence FROM ledger_aggregate_sequence WHERE aggregate_id IN ("
                    + placeholders + ")", rs -> {
                        found.put(rs.getString(1), rs.getLong(2));
                    }, chunk.toArray());
        }
        return found;
    }

    /** Stores the new last sequences: updates for aggregates in {@code known}, inserts for the others. */
    public void saveLastSequences(Map<String, Long> lastSequences, Collection<String> known) {
        Map<String, Long> updates = new LinkedHashMap<>();
        Map<String, Long> inserts = new LinkedHashMap<>();
        lastSequences.forEach((aggregate, last) -> (known.contains(aggregate) ? updates : inserts).put(aggregate, last));
        batch("UPDATE ledger_aggregate_sequence SET last_sequence = ? WHERE aggregate_id = ?", updates);
        batch("INSERT INTO ledger_aggregate_sequence (last_sequence, aggregate_id) VALUES (?, ?)", inserts);
    }

    public void insertAnomalies(List<StoredSequenceAnomaly> anomalies) {
        if (anomalies.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO ledger_sequence_anomaly (" + ANOMALY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        StoredSequenceAnomaly stored = anomalies.get(i);
                        ps.setLong(1, stored.leafIndex());
                        ps.setObject(2, UUID.fromString(stored.eventId()));
                        ps.setString(3, stored.aggregateId());
                        ps.setString(4, stored.anomaly().kind().wireName());
                        ps.setLong(5, stored.anomaly().expected());
                        ps.setLong(6, stored.anomaly().got());
                        ps.setLong(7, stored.seenAt().toEpochMilli());
                    }

                    @Override
                    public int getBatchSize() {
                        return anomalies.size();
                    }
                });
    }

    /** Up to {@code limit} anomalies shown by leaves after {@code afterLeafIndex}, in leaf order. */
    public List<StoredSequenceAnomaly> anomalies(long afterLeafIndex, int limit) {
        return jdbc.query("SELECT " + ANOMALY_COLUMNS + " FROM ledger_sequence_anomaly WHERE leaf_index > ?"
                + " ORDER BY leaf_index FETCH FIRST " + limit + " ROWS ONLY", ANOMALY, afterLeafIndex);
    }

    /** The {@code limit} most recent anomalies (by leaf), newest first. */
    public List<StoredSequenceAnomaly> latestAnomalies(int limit) {
        return jdbc.query("SELECT " + ANOMALY_COLUMNS + " FROM ledger_sequence_anomaly"
                + " ORDER BY leaf_index DESC FETCH FIRST " + limit + " ROWS ONLY", ANOMALY);
    }

    /** Number of anomalies per kind (wire name); kinds without any are absent. */
    public Map<String, Long> countByKind() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT kind, COUNT(*) FROM ledger_sequence_anomaly GROUP BY kind ORDER BY kind", rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    public long trackedLeaves() {
        Long tracked = jdbc.queryForObject("SELECT tracked_leaves FROM ledger_sequence_progress WHERE progress_id = 1", Long.class);
        return tracked == null ? 0 : tracked;
    }

    public void setTrackedLeaves(long leaves) {
        jdbc.update("UPDATE ledger_sequence_progress SET tracked_leaves = ? WHERE progress_id = 1", leaves);
    }

    private void batch(String sql, Map<String, Long> values) {
        if (values.isEmpty()) {
            return;
        }
        List<Map.Entry<String, Long>> entries = List.copyOf(values.entrySet());
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                ps.setLong(1, entries.get(i).getValue());
                ps.setString(2, entries.get(i).getKey());
            }

            @Override
            public int getBatchSize() {
                return entries.size();
            }
        });
    }
}
