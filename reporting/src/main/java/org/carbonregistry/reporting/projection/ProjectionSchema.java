package org.carbonregistry.reporting.projection;

import org.carbonregistry.access.SchemaLock;
import org.carbonregistry.events.SerialBlock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates the projection tables if they do not exist; the same DDL serves H2 and PostgreSQL. Instances starting
 * together over one fresh database take turns ({@link SchemaLock}).
 */
public final class ProjectionSchema {

    private static final String SCRIPT = "org/carbonregistry/reporting/projection/schema.sql";

    private ProjectionSchema() {
    }

    public static void create(DataSource dataSource) {
        SchemaLock.create(dataSource, "reporting schema", connection -> {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource(SCRIPT));
            fillIssuedSerialRanges(connection);
            leaveRoomForUpdates(connection);
            countWhatIsThere(connection);
        });
    }

    /*
     * The counts start from what the tables hold when they are first kept: all zero in a new database, counted once in
     * one made before (under the schema lock, so instances starting together count once). Older instances still
     * running would write rows without counting them: stop them first.
     */
    private static void countWhatIsThere(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM rpt_projection_counts")) {
            rows.next();
            if (rows.getLong(1) > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO rpt_projection_counts ("
                + ProjectionCounts.COLUMNS + ") VALUES ((SELECT COUNT(*) FROM rpt_events),"
                + " (SELECT COUNT(*) FROM rpt_accounts), (SELECT COUNT(*) FROM rpt_projects),"
                + " (SELECT COUNT(*) FROM rpt_batches), (SELECT COUNT(*) FROM rpt_retirements),"
                + " (SELECT COUNT(*) FROM rpt_anomalies), (SELECT COUNT(*) FROM rpt_quarantine), ?)")) {
            insert.setInt(1, ProjectionCounts.BASELINE);
            insert.executeUpdate();
        }
    }

    /*
     * Holdings and batch totals are rewritten by nearly every movement of credits. On PostgreSQL, free space on each
     * page lets the new row version stay on the page of the old one without a new primary key entry (a HOT update),
     * and the old version is pruned there instead of waiting for a vacuum.
     */
    private static void leaveRoomForUpdates(Connection connection) throws SQLException {
        if (connection.isWrapperFor(org.postgresql.PGConnection.class)) {
            SchemaLock.execute(connection, List.of("ALTER TABLE rpt_holdings SET (fillfactor = 70)",
                    "ALTER TABLE rpt_batches SET (fillfactor = 70)"));
        }
    }

    /*
     * Issuances projected before the serial look-up existed have no first and last serial; their serial blocks
     * give them, so a serial of an older batch is found without a replay.
     */
    private static void fillIssuedSerialRanges(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id, serial_blocks FROM rpt_issuances WHERE first_serial IS NULL");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE rpt_issuances SET first_serial = ?, last_serial = ? WHERE event_id = ?");
             ResultSet rows = select.executeQuery()) {
            int pending = 0;
            while (rows.next()) {
                List<SerialBlock> blocks = SerialBlocksText.parse(rows.getString(2));
                update.setLong(1, blocks.stream().mapToLong(SerialBlock::first).min().orElse(0));
                update.setLong(2, blocks.stream().mapToLong(SerialBlock::last).max().orElse(0));
                update.setObject(3, rows.getObject(1));
                update.addBatch();
                if (++pending == 1_000) {
                    update.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                update.executeBatch();
            }
        }
    }
}
