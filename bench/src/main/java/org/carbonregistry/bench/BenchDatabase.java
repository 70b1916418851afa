package org.carbonregistry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry's database for one run, fresh so that figures never depend on an earlier run's data: an H2 file
 * database in a temp directory, or a new database on the PostgreSQL server named by {@code REGISTRY_DB_URL},
 * dropped at the end.
 */
public final class BenchDatabase implements AutoCloseable {

    private static final Pattern POSTGRES_URL = Pattern.compile("^(jdbc:postgresql://[^/?]+/)([^?]*)(\\?.*)?$");

    private final String label;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable cleanUp;

    private BenchDatabase(String label, String url, String user, String password, Runnable cleanUp) {
        this.label = label;
        this.url = url;
        this.user = user;
        this.password = password;
        this.cleanUp = cleanUp;
    }

    static BenchDatabase fromEnvironment() throws IOException, SQLException {
        return fromEnvironment("REGISTRY", "registry");
    }

    /**
     * The same for the service whose settings are {@code <prefix>_DB_URL}, {@code _USER}, {@code _PASSWORD}; {@code name}
     * starts the H2 directory's and the PostgreSQL database's names.
     */
    static BenchDatabase fromEnvironment(String prefix, String name) throws IOException, SQLException {
        String serverUrl = System.getenv(prefix + "_DB_URL");
        if (serverUrl == null || serverUrl.isBlank()) {
            Path dir = Files.createTempDirectory(name + "-bench-h2-");
            // WRITE_DELAY=0 as ./registry up runs it: H2's default keeps commits in memory for 0.5 s
            return new BenchDatabase("H2 (file, " + dir + ")", "jdbc:h2:file:" + dir.resolve(name) + ";AUTO_SERVER=FALSE;WRITE_DELAY=0",
                    "sa", "", () -> TempFiles.deleteRecursively(dir));
        }
        String user = System.getenv().getOrDefault(prefix + "_DB_USER", "");
        String password = System.getenv().getOrDefault(prefix + "_DB_PASSWORD", "");
        Matcher postgres = POSTGRES_URL.matcher(serverUrl);
        if (!postgres.matches()) {
            // Not PostgreSQL: the caller chose this database; use it as it is and leave it be.
            return new BenchDatabase(serverUrl, serverUrl, user, password, () -> { });
        }
        return createPostgres(serverUrl, user, password, name + "_bench");
    }

    /**
     * A new database on the PostgreSQL server of {@code serverUrl} (whose own database is only connected to),
     * named {@code <prefix>_<time>_<random>} and dropped by {@link #close()}.
     */
    public static BenchDatabase createPostgres(String serverUrl, String user, String password, String prefix)
            throws SQLException {
        Matcher postgres = POSTGRES_URL.matcher(serverUrl);
        if (!postgres.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host:port/database URL: " + serverUrl);
        }
        String name = prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        execute(serverUrl, user, password, "create database " + name);
        String url = postgres.group(1) + name + (postgres.group(3) == null ? "" : postgres.group(3));
        return new BenchDatabase("PostgreSQL (" + url + ")", url, user, password,
                () -> dropQuietly(serverUrl, user, password, name));
    }

    /** The database's name on its server: the last path segment of its URL. */
    public String name() {
        String path = url.replaceFirst("\\?.*$", "");
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** A setting of the database's server, as {@code SHOW} gives it. */
    public String serverSetting(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet setting = statement.executeQuery("show " + name)) {
            setting.next();
            return setting.getString(1);
        }
    }

    String label() {
        return label;
    }

    public String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    @Override
    public void close() {
        cleanUp.run();
    }

    private static void dropQuietly(String serverUrl, String user, String password, String name) {
        try {
            execute(serverUrl, user, password, "drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            System.err.println("[bench] could not drop database " + name + ": " + e.getMessage());
        }
    }

    private static void execute(String url, String user, String password, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
