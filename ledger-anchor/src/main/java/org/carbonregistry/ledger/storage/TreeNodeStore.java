package org.carbonregistry.ledger.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Node;
import org.carbonregistry.ledger.merkle.NodeId;
import org.carbonregistry.ledger.merkle.NodeReader;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Complete subtrees of the log, stored at every {@value #STRIDE}th level: level 0 is the leaf table's leaf
 * hashes, levels 8, 16, ... are rows of {@code ledger_node}. A node in between is folded from the at most 128
 * stored nodes below it, so appends write about one node row per 255 leaves while a proof still costs one
 * query (one range per stored level it touches) and a few hundred hashes.
 */
public final class TreeNodeStore implements NodeReader {

    /** Levels that are multiples of this are stored. */
    public static final int STRIDE = 8;

    private final JdbcTemplate jdbc;

    public TreeNodeStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code level} is kept in {@code ledger_node} (level 0 lives in the leaf table). */
    public static boolean isNodeLevel(int level) {
        return level > 0 && level % STRIDE == 0;
    }

    /** Stores the completed nodes of an append that fall on a stored interior level; the rest are dropped. */
    public void insert(List<Node> completed) {
        List<Node> stored = completed.stream().filter(node -> isNodeLevel(node.id().level())).toList();
        if (stored.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO ledger_node (node_level, node_index, hash) VALUES (?, ?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        Node node = stored.get(i);
                        ps.setInt(1, node.id().level());
                        ps.setLong(2, node.id().index());
                        ps.setBytes(3, node.hash());
                    }

                    @Override
                    public int getBatchSize() {
                        return stored.size();
                    }
                });
    }

    /** Stored hashes at a stored interior level for node indexes {@code [start, end)}, in index order. */
    public List<byte[]> level(int level, long start, long end) {
        if (!isNodeLevel(level)) {
            throw new IllegalArgumentException("level " + level + " is not stored; stored levels are multiples of " + STRIDE);
        }
        List<byte[]> hashes = new ArrayList<>();
        jdbc.query("SELECT hash FROM ledger_node WHERE node_level = ? AND node_index >= ? AND node_index < ? ORDER BY node_index",
                rs -> {
                    hashes.add(rs.getBytes(1));
                }, level, start, end);
        return hashes;
    }

    /** Number of stored nodes at {@code level}. */
    public long countAt(int level) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_node WHERE node_level = ?", Long.class, level);
        return count == null ? 0 : count;
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // The stored ranges each requested node folds from, merged per stored level.
        Map<Integer, List<long[]>> rangesByLevel = new TreeMap<>();
        for (NodeId id : ids) {
            int base = baseLevel(id.level());
            int shift = id.level() - base;
            rangesByLevel.computeIfAbsent(base, level -> new ArrayList<>())
                    .add(new long[] {id.index() << shift, (id.index() + 1) << shift});
        }
        StringBuilder sql = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Map.Entry<Integer, List<long[]>> entry : rangesByLevel.entrySet()) {
            for (long[] range : merge(entry.getValue())) {
                if (!sql.isEmpty()) {
                    sql.append(" UNION ALL ");
                }
                if (entry.getKey() == 0) {
                    sql.append("SELECT 0 AS node_level, leaf_index AS node_index, leaf_hash AS hash FROM ledger_leaf"
                            + " WHERE leaf_index >= ? AND leaf_index < ?");
                } else {
                    sql.append("SELECT node_level, node_index, hash FROM ledger_node"
                            + " WHERE node_level = ? AND node_index >= ? AND node_index < ?");
                    params.add(entry.getKey());
                }
                params.add(range[0]);
                params.add(range[1]);
            }
        }
        Map<Integer, Map<Long, byte[]>> fetched = new HashMap<>();
        jdbc.query(sql.toString(), rs -> {
            fetched.computeIfAbsent(rs.getInt(1), level -> new HashMap<>()).put(rs.getLong(2), rs.getBytes(3));
        }, params.toArray());

        Map<NodeId, byte[]> result = new HashMap<>(ids.size() * 2);
        for (NodeId id : ids) {
            byte[] hash = fold(id, fetched.getOrDefault(baseLevel(id.level()), Map.of()));
            if (hash != null) {
                result.put(id, hash);
            }
        }
        return result;
    }

    private static int baseLevel(int level) {
        return level - level % STRIDE;
    }

    /** The hash of {@code id} from its stored descendants, or null if one of them is missing. */
    private static byte[] fold(NodeId id, Map<Long, byte[]> stored) {
        int shift = id.level() - baseLevel(id.level());
        long first = id.index() << shift;
        List<byte[]> descendants = new ArrayList<>(1 << shift);
        for (int i = 0; i < 1 << shift; i++) {
            byte[] hash = stored.get(first + i);
            if (hash == null || hash.length != MerkleHash.SIZE) {
                return null;
            }
            descendants.add(hash);
        }
        return MerkleHash.subtreeRoot(descendants);
    }

    private static List<long[]> merge(List<long[]> ranges) {
        ranges.sort(Comparator.comparingLong(range -> range[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] range : ranges) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range[0] <= last[1]) {
                last[1] = Math.max(last[1], range[1]);
            } else {
                merged.add(new long[] {range[0], range[1]});
            }
        }
        return merged;
    }
}
