package org.carbonregistry.system.stack;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fresh databases for one stack: on the PostgreSQL server named by {@code REGISTRY_DB_URL} when that is set
 * (each stack creates and later drops databases of its own there), else H2 files in the stack's folder.
 */
final class Databases implements AutoCloseable {

    private static final List<String> SERVICES = List.of("REGISTRY", "LEDGER", "REPORTING");

    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private final String serverUrl;
    private final String user;
    private final String password;

    Databases(Path folder) throws SQLException {
        String given = System.getenv("REGISTRY_DB_URL");
        if (given != null && given.startsWith("jdbc:postgresql://")) {
            serverUrl = given.substring(0, given.indexOf('/', "jdbc:postgresql://".length()) + 1);
            user = envOr("REGISTRY_DB_USER", "postgres");
            password = envOr("REGISTRY_DB_PASSWORD", "");
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, password);
                 Statement statement = admin.createStatement()) {
                for (String service : SERVICES) {
                    String name = "systest_" + service.toLowerCase() + "_" + suffix;
                    statement.execute("create database " + name);
                    created.add(name);
                    put(service, serverUrl + name, user, password);
                }
            }
        } else {
            serverUrl = null;
            user = null;
            password = null;
            for (String service : SERVICES) {
                // WRITE_DELAY=0: H2 otherwise keeps commits of the last 500 ms in memory, and a SIGKILL loses
                // transactions whose success was already answered (seen: accepted commands missing after a kill).
                put(service, "jdbc:h2:file:" + folder.resolve(service.toLowerCase()).resolve("db").toAbsolutePath()
                        + ";WRITE_DELAY=0", "sa", "");
            }
        }
    }

    Map<String, String> environment() {
        return environment;
    }

    boolean postgres() {
        return serverUrl != null;
    }

    private void put(String service, String url, String user, String password) {
        environment.put(service + "_DB_URL", url);
        environment.put(service + "_DB_USER", user);
        environment.put(service + "_DB_PASSWORD", password);
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    @Override
    public void close() throws SQLException {
        if (serverUrl == null || created.isEmpty()) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(serverUrl + "postgres", user, password);
             Statement statement = admin.createStatement()) {
            for (String name : created) {
                statement.execute("drop database if exists " + name + " with (force)");
            }
        }
    }
}
