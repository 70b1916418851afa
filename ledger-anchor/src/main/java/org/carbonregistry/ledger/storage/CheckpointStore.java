package org.carbonregistry.ledger.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Signed checkpoints and the witness cosignatures stored beside them. */
public final class CheckpointStore {

    private static final RowMapper<StoredCheckpoint> CHECKPOINT = (rs, row) ->
            new StoredCheckpoint(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)));
    private static final RowMapper<StoredCosignature> COSIGNATURE = (rs, row) ->
            new StoredCosignature(rs.getLong(1), rs.getString(2), rs.getString(3), Instant.ofEpochSecond(rs.getLong(4)));

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(StoredCheckpoint checkpoint) {
        jdbc.update("INSERT INTO ledger_checkpoint (tree_size, note, sealed_at) VALUES (?, ?, ?)",
                checkpoint.treeSize(), checkpoint.note(), checkpoint.sealedAt().toEpochMilli());
    }

    public Optional<StoredCheckpoint> latest() {
        return jdbc.query("SELECT tree_size, note, sealed_at FROM ledger_checkpoint"
                + " WHERE tree_size = (SELECT MAX(tree_size) FROM ledger_checkpoint)", CHECKPOINT).stream().findFirst();
    }

    public Optional<StoredCheckpoint> at(long treeSize) {
        return jdbc.query("SELECT tree_size, note, sealed_at FROM ledger_checkpoint WHERE tree_size = ?", CHECKPOINT, treeSize)
                .stream().findFirst();
    }

    /** Up to {@code limit} checkpoints with a tree size above {@code after}, smallest first. */
    public List<StoredCheckpoint> after(long after, int limit) {
        return jdbc.query("SELECT tree_size, note, sealed_at FROM ledger_checkpoint WHERE tree_size > ?"
                + " ORDER BY tree_size FETCH FIRST " + limit + " ROWS ONLY", CHECKPOINT, after);
    }

    public long count() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_checkpoint", Long.class);
        return count == null ? 0 : count;
    }

    /** Stores a cosignature; a second one by the same witness on the same checkpoint replaces nothing. */
    public boolean addCosignature(StoredCosignature cosignature) {
        return jdbc.update("INSERT INTO ledger_cosignature (tree_size, witness, signature_line, cosigned_at)"
                        + " SELECT ?, ?, ?, ? FROM ledger_checkpoint WHERE tree_size = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM ledger_cosignature WHERE tree_size = ? AND witness = ?)",
                cosignature.treeSize(), cosignature.witness(), cosignature.signatureLine(),
                cosignature.cosignedAt().getEpochSecond(), cosignature.treeSize(), cosignature.treeSize(),
                cosignature.witness()) == 1;
    }

    public List<StoredCosignature> cosignatures(long treeSize) {
        return jdbc.query("SELECT tree_size, witness, signature_line, cosigned_at FROM ledger_cosignature"
                + " WHERE tree_size = ? ORDER BY witness", COSIGNATURE, treeSize);
    }

    /** Cosignatures of the checkpoints with tree sizes in {@code [from, to]}. */
    public List<StoredCosignature> cosignatures(long from, long to) {
        return jdbc.query("SELECT tree_size, witness, signature_line, cosigned_at FROM ledger_cosignature"
                + " WHERE tree_size >= ? AND tree_size <= ? ORDER BY tree_size, witness", COSIGNATURE, from, to);
    }

    /** Up to {@code limit} tree sizes above {@code above} that have a cosignature, largest first. */
    public List<Long> cosignedSizes(long above, int limit) {
        return jdbc.queryForList("SELECT DISTINCT tree_size FROM ledger_cosignature WHERE tree_size > ?"
                + " ORDER BY tree_size DESC FETCH FIRST " + limit + " ROWS ONLY", Long.class, above);
    }

    /** The largest tree size {@code witness} has cosigned, if any. */
    public Optional<Long> latestCosignedSize(String witness) {
        return Optional.ofNullable(jdbc.queryForObject(
                "SELECT MAX(tree_size) FROM ledger_cosignature WHERE witness = ?", Long.class, witness));
    }
}
