package org.carbonregistry.ledger.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.ledger.storage.LedgerSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A database of the test's own: a fresh schema in the PostgreSQL database named by {@code LEDGER_DB_URL} (CI),
 * so tests sharing that database never see each other's rows, or else a uniquely named in-memory H2 database.
 */
public record TestDatabase(String url, String user, String password) {

    public static TestDatabase create() {
        String shared = System.getenv("LEDGER_DB_URL");
        if (shared == null || shared.isBlank()) {
            return new TestDatabase("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        String user = envOr("LEDGER_DB_USER", "postgres");
        String password = envOr("LEDGER_DB_PASSWORD", "");
        String schema = "ledger_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(shared, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + schema + " in " + shared, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(shared, user, password, schema)));
        return new TestDatabase(shared + (shared.contains("?") ? "&" : "?") + "currentSchema=" + schema, user, password);
    }

    /** An H2 file database in {@code directory} (for a service running as a child process), or a PostgreSQL schema. */
    public static TestDatabase fileOrShared(java.nio.file.Path directory) {
        String shared = System.getenv("LEDGER_DB_URL");
        if (shared == null || shared.isBlank()) {
            // WRITE_DELAY=0 as the service's own default: H2 otherwise keeps the last 500 ms of commits in memory,
            // and a SIGKILL loses transactions the ledger had already built on.
            return new TestDatabase("jdbc:h2:file:" + directory.resolve("ledger").toAbsolutePath() + ";WRITE_DELAY=0",
                    "sa", "");
        }
        return create();
    }

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    /** Spring properties of a ledger service using this database. */
    public Map<String, Object> springProperties() {
        return Map.of("spring.datasource.url", url, "spring.datasource.username", user, "spring.datasource.password", password);
    }

    /** Environment variables of a ledger service process using this database. */
    public Map<String, String> environment() {
        return Map.of("LEDGER_DB_URL", url, "LEDGER_DB_USER", user, "LEDGER_DB_PASSWORD", password);
    }

    /** A small pool with the ledger's schema created. Close it when done. */
    public Connected connect() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        if (isPostgres()) {
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        LedgerSchema.create(jdbc);
        return new Connected(dataSource, jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    public record Connected(HikariDataSource dataSource, JdbcTemplate jdbc, TransactionTemplate transactions)
            implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }

    private static void dropSchema(String url, String user, String password, String schema) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // CI drops the whole database afterwards.
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
