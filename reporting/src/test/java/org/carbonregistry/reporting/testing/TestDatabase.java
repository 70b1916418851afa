package org.carbonregistry.reporting.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of its own for one test or one Spring context: a new schema on the PostgreSQL server named by
 * {@code REPORTING_DB_URL} when that is set (CI runs every IT again that way), else a uniquely named in-memory H2
 * database. PostgreSQL schemas are dropped when the JVM exits.
 */
public record TestDatabase(String url, String user, String password) {

    private static final String ENV_URL = "REPORTING_DB_URL";

    public static boolean usesPostgres() {
        String url = System.getenv(ENV_URL);
        return url != null && url.startsWith("jdbc:postgresql:");
    }

    public static TestDatabase fresh(String label) {
        String serverUrl = System.getenv(ENV_URL);
        String unique = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (serverUrl == null || serverUrl.isBlank()) {
            return new TestDatabase("jdbc:h2:mem:" + label + "-" + unique + ";DB_CLOSE_DELAY=-1", "sa", "");
        }
        String user = System.getenv().getOrDefault("REPORTING_DB_USER", "");
        String password = System.getenv().getOrDefault("REPORTING_DB_PASSWORD", "");
        if (!usesPostgres()) {
            return new TestDatabase(serverUrl, user, password);
        }
        String schema = "reporting_it_" + unique;
        execute(serverUrl, user, password, "CREATE SCHEMA " + schema);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(serverUrl, user, password, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (RuntimeException e) {
                // A schema left behind on a CI database is harmless.
            }
        }));
        return new TestDatabase(serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user, password);
    }

    /**
     * A small connection pool, as the service has: a new connection per transaction would dominate every timing. The
     * caller closes it; until then it keeps one connection open when idle (on a shared PostgreSQL every test's pool
     * counts against its connection limit).
     */
    public HikariDataSource dataSource() {
        return pooled(url, user, password);
    }

    public static HikariDataSource pooled(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("test-" + Integer.toHexString(url.hashCode()));
        org.carbonregistry.reporting.projection.ProjectionDatabase.tune(config);
        return new HikariDataSource(config);
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url + ": " + e.getMessage(), e);
        }
    }
}
