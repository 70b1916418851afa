package org.carbonregistry.ledger.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carbonregistry.ledger.storage.LeafStore.LeafColumn;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.Tiles;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Entry bundles (c2sp.org/tlog-tiles): a full one is stored as served, one row, written with the leaves that complete
 * it, so serving it is one primary-key read instead of 256 envelope rows to read and encode. Partial bundles, and full
 * ones of a log written before they were stored and not yet backfilled, are assembled from the leaves.
 */
public final class EntryBundleStore {

    private static final int WIDTH = Tiles.WIDTH;

    private final JdbcTemplate jdbc;
    private final LeafStore leaves;

    public EntryBundleStore(JdbcTemplate jdbc, LeafStore leaves) {
        this.jdbc = jdbc;
        this.leaves = leaves;
    }

    /** A stored full bundle, by its index (the first leaf's index / 256). */
    public Optional<byte[]> full(long bundleIndex) {
        return jdbc.query("SELECT content FROM ledger_entry_bundle WHERE bundle_index = ?",
                (rs, row) -> rs.getBytes(1), bundleIndex).stream().findFirst();
    }

    /** The bundle of the first {@code width} leaves of bundle {@code bundleIndex}, encoded from the leaves' envelopes. */
    public byte[] assemble(long bundleIndex, int width) {
        long start = bundleIndex * WIDTH;
        List<byte[]> envelopes = leaves.column(LeafColumn.ENVELOPE, start, start + width);
        if (envelopes.size() != width) {
            throw new IllegalStateException("entry bundle " + bundleIndex + " of width " + width + " should hold "
                    + width + " leaves, the database has " + envelopes.size() + ": the stored log is incomplete");
        }
        return EntryBundle.encode(envelopes);
    }

    /**
     * Stores the full bundles that the leaves {@code [treeSize, treeSize + appended.size())} complete, in the caller's
     * transaction, after those leaves were inserted. The envelopes appended are at hand; only the part of the first
     * completed bundle logged by earlier appends is read back.
     */
    public void storeCompleted(long treeSize, List<byte[]> appended) {
        long newSize = treeSize + appended.size();
        List<Long> indexes = new ArrayList<>();
        List<byte[]> bundles = new ArrayList<>();
        for (long bundle = treeSize / WIDTH; (bundle + 1) * WIDTH <= newSize; bundle++) {
            long start = bundle * WIDTH;
            List<byte[]> envelopes = new ArrayList<>(WIDTH);
            if (start < treeSize) {
                envelopes.addAll(leaves.column(LeafColumn.ENVELOPE, start, treeSize));
            }
            for (long leaf = Math.max(start, treeSize); leaf < start + WIDTH; leaf++) {
                envelopes.add(appended.get((int) (leaf - treeSize)));
            }
            if (envelopes.size() != WIDTH) {
                throw new IllegalStateException("entry bundle " + bundle + " should hold " + WIDTH + " leaves, found "
                        + envelopes.size() + ": the stored log is incomplete");
            }
            indexes.add(bundle);
            bundles.add(EntryBundle.encode(envelopes));
        }
        insert(indexes, bundles);
    }

    /** Stores full bundles {@code bundles[i]} at {@code indexes[i]}, in the caller's transaction. */
    public void insert(List<Long> indexes, List<byte[]> bundles) {
        if (indexes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO ledger_entry_bundle (bundle_index, content) VALUES (?, ?)",
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement ps, int i) throws SQLException {
                        ps.setLong(1, indexes.get(i));
                        ps.setBytes(2, bundles.get(i));
                    }

                    @Override
                    public int getBatchSize() {
                        return indexes.size();
                    }
                });
    }

    /** The full bundles among {@code [from, to)} that are not stored, in index order. */
    public List<Long> missing(long from, long to) {
        List<Long> missing = new ArrayList<>();
        Set<Long> present = new HashSet<>(jdbc.queryForList(
                "SELECT bundle_index FROM ledger_entry_bundle WHERE bundle_index >= ? AND bundle_index < ?",
                Long.class, from, to));
        for (long bundle = from; bundle < to; bundle++) {
            if (!present.contains(bundle)) {
                missing.add(bundle);
            }
        }
        return missing;
    }
}
