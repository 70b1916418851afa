package org.carbonregistry.ledger.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** The log's leaves, by index and by event id. */
public final class LeafStore {

    private static final int IN_CHUNK = 500;
    private static final RowMapper<StoredLeaf> LEAF = (rs, row) ->
            new StoredLeaf(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4), rs.getString(5), rs.getString(6));
    private static final String COLUMNS = "leaf_index, event_id, leaf_hash, envelope, registry_signature, registry_key_id";

    private final JdbcTemplate jdbc;

    public LeafStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Number of leaves: one more than the highest leaf index (leaves are appended without gaps). */
    public long treeSize() {
        Long max = jdbc.queryForObject("SELECT MAX(leaf_index) FROM ledger_leaf", Long.class);
        return max == null ? 0 : max + 1;
    }

    /** The leaf of an event, by its id in canonical UUID form. */
    public Optional<StoredLeaf> byEventId(String eventId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ledger_leaf WHERE event_id = ?", LEAF,
                UUID.fromString(eventId)).stream().findFirst();
    }

    /** Leaves {@code [start, end)} that exist, in index order. */
    public List<StoredLeaf> range(long start, long end) {
        return jdbc.query("SELECT " + COLUMNS + " FROM ledger_leaf"
                + " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index", LEAF, start, end);
    }

    /**
     * One column of leaves {@code [start, end)} that exist, in index order: {@code leaf_hash} for a level 0 tile,
     * {@code envelope} for an entry bundle, without reading the other columns.
     */
    public List<byte[]> column(LeafColumn column, long start, long end) {
        return jdbc.query("SELECT " + column.name().toLowerCase(java.util.Locale.ROOT) + " FROM ledger_leaf"
                + " WHERE leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index", (rs, row) -> rs.getBytes(1), start, end);
    }

    /** The byte columns of a leaf that tiles are made of. */
    public enum LeafColumn { LEAF_HASH, ENVELOPE }

    /** Leaf hashes of those of {@code eventIds} (canonical UUID form) that are already in the log. */
    public Map<String, byte[]> leafHashesOf(Collection<String> eventIds) {
        Map<String, byte[]> found = new HashMap<>();
        List<String> ids = List.copyOf(eventIds);
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String placeholders = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT event_id, leaf_hash FROM ledger_leaf WHERE event_id IN (" + placeholders + ")",
                    rs -> {
                        found.put(rs.getString(1), rs.getBytes(2));
                    }, chunk.stream().map(UUID::fromString).toArray());
        }
        return found;
    }

    /** Inserts leaves in one JDBC batch; the caller's transaction makes them visible with their nodes. */
    public void insert(List<StoredLeaf> leaves) {
        if (leaves.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO ledger_leaf (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        StoredLeaf leaf = leaves.get(i);
                        ps.setLong(1, leaf.leafIndex());
                        ps.setObject(2, UUID.fromString(leaf.eventId()));
                        ps.setBytes(3, leaf.leafHash());
                        ps.setBytes(4, leaf.envelope());
                        ps.setString(5, leaf.registrySignature());
                        ps.setString(6, leaf.registryKeyId());
                    }

                    @Override
                    public int getBatchSize() {
                        return leaves.size();
                    }
                });
    }
}
