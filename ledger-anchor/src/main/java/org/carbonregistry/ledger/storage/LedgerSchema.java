package org.carbonregistry.ledger.storage;

import org.carbonregistry.access.SchemaLock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Creates the ledger's tables if they do not exist yet (ledger-schema.sql) and the one lease row. */
public final class LedgerSchema {

    static final String RESOURCE = "/ledger-schema.sql";

    private LedgerSchema() {
    }

    public static void create(JdbcTemplate jdbc) {
        // Instances starting together over one fresh database take turns.
        SchemaLock.create(jdbc.getDataSource(), "ledger schema", connection -> SchemaLock.execute(connection, statements()));
        insertOnce(jdbc, "SELECT COUNT(*) FROM ledger_sequencer_lease WHERE lease_id = 1",
                "INSERT INTO ledger_sequencer_lease (lease_id, holder, epoch, expires_at) VALUES (1, '', 0, 0)");
        insertOnce(jdbc, "SELECT COUNT(*) FROM ledger_sequence_progress WHERE progress_id = 1",
                "INSERT INTO ledger_sequence_progress (progress_id, tracked_leaves) VALUES (1, 0)");
    }

    private static void insertOnce(JdbcTemplate jdbc, String count, String insert) {
        if (jdbc.queryForObject(count, Integer.class) == 0) {
            try {
                jdbc.update(insert);
            } catch (DuplicateKeyException anotherInstanceWasFaster) {
                // Two instances starting at once: one row is all we need.
            }
        }
    }

    static List<String> statements() {
        String script;
        try (InputStream in = LedgerSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        return List.copyOf(statements);
    }
}
