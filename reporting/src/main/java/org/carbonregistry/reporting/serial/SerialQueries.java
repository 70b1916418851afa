package org.carbonregistry.reporting.serial;

import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.SerialBlocksText;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A serial's batch and the movements of that batch, read from the projection. Serials are unique registry-wide and
 * a batch is issued in one range, so the issuance whose range starts at or below the serial is the only candidate;
 * whether the serial is really in it is checked against the issued blocks.
 */
class SerialQueries {

    /** A batch's movements with their place in the batch's own order (the aggregate sequence). */
    private static final String MOVEMENTS = "SELECT e.event_id, e.event_type, e.occurred_at, m.from_account,"
            + " m.to_account, m.serial_blocks, m.retirement_id FROM ("
            + " SELECT event_id, CAST(NULL AS VARCHAR(100)) AS from_account, to_account, serial_blocks,"
            + "  CAST(NULL AS VARCHAR(100)) AS retirement_id FROM rpt_issuances WHERE batch_id = ?"
            + " UNION ALL SELECT event_id, from_account, to_account, serial_blocks, CAST(NULL AS VARCHAR(100))"
            + "  FROM rpt_transfers WHERE batch_id = ?"
            + " UNION ALL SELECT event_id, account_id, CAST(NULL AS VARCHAR(100)), serial_blocks, retirement_id"
            + "  FROM rpt_retirements WHERE batch_id = ?"
            + " UNION ALL SELECT event_id, account_id, CAST(NULL AS VARCHAR(100)), serial_blocks, CAST(NULL AS VARCHAR(100))"
            + "  FROM rpt_cancellations WHERE batch_id = ?"
            + " UNION ALL SELECT event_id, account_id, CAST(NULL AS VARCHAR(100)), serial_blocks, CAST(NULL AS VARCHAR(100))"
            + "  FROM rpt_expirations WHERE batch_id = ?"
            + ") m JOIN rpt_events e ON e.event_id = m.event_id ORDER BY e.aggregate_sequence";

    /** {@code invalidation} is the batch's {@code BatchInvalidated} event id, null while the batch is valid. */
    record Batch(String batchId, String serialPrefix, UUID invalidation) {
    }

    /** One event that moved some of the batch's serials; {@code from} null for an issuance, {@code to} null out of circulation. */
    record Movement(UUID eventId, String type, Instant occurredAt, String from, String to, List<SerialBlock> serialBlocks,
                    String retirementId) {

        boolean moves(long serial) {
            return serialBlocks.stream().anyMatch(block -> block.contains(serial));
        }
    }

    private final JdbcTemplate jdbc;

    SerialQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The batch the serial was issued in, if reporting has seen its issuance. */
    Optional<Batch> batchOf(long serial) {
        return jdbc.query("SELECT i.batch_id, i.last_serial, i.serial_blocks, b.serial_prefix, v.event_id AS invalidation"
                        + " FROM rpt_issuances i JOIN rpt_batches b ON b.batch_id = i.batch_id"
                        + " LEFT JOIN rpt_invalidations v ON v.batch_id = i.batch_id"
                        + " WHERE i.first_serial <= ? ORDER BY i.first_serial DESC LIMIT 1",
                rs -> rs.next() && rs.getLong("last_serial") >= serial
                        && SerialBlocksText.parse(rs.getString("serial_blocks")).stream().anyMatch(b -> b.contains(serial))
                        ? Optional.of(new Batch(rs.getString("batch_id"), rs.getString("serial_prefix"),
                                rs.getString("invalidation") == null ? null : UUID.fromString(rs.getString("invalidation"))))
                        : Optional.empty(),
                serial);
    }

    /** Every movement of the batch, in the batch's order; the caller picks those that moved one serial. */
    List<Movement> movements(String batchId) {
        return jdbc.query(MOVEMENTS, (rs, row) -> new Movement(UUID.fromString(rs.getString("event_id")),
                rs.getString("event_type"), JdbcProjectionStore.instant(rs, "occurred_at"),
                rs.getString("from_account"), rs.getString("to_account"),
                SerialBlocksText.parse(rs.getString("serial_blocks")), rs.getString("retirement_id")),
                batchId, batchId, batchId, batchId, batchId);
    }
}
