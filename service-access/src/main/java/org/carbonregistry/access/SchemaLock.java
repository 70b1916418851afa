package org.carbonregistry.access;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Lets the instances of a service that start together over one fresh PostgreSQL database create its tables one at a
 * time. PostgreSQL's {@code CREATE TABLE IF NOT EXISTS} is not safe against a concurrent twin (the second fails on
 * the catalog's unique index instead of finding the table), so the statements run in one transaction that first
 * takes a transaction-scoped advisory lock; DDL is transactional there, so the next instance finds every table. Other
 * databases (H2 files belong to one process) run the statements as they are.
 */
public final class SchemaLock {

    private SchemaLock() {
    }

    /** Work on one connection that sees the schema as a whole. */
    @FunctionalInterface
    public interface SchemaWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} holding the advisory lock named {@code name} on PostgreSQL, else as it is. */
    public static void create(DataSource dataSource, String name, SchemaWork work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                work.run(connection);
                return;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, name);
                lock.execute();
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs each statement on the connection. */
    public static void execute(Connection connection, Iterable<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
