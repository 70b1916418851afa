package org.carbonregistry.registry.testing;

import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.RegistryServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * registry-service instances started in this JVM (separate Spring contexts, each its own token owner) over one
 * event store of their own and a topic of their own on the shared broker: an in-memory H2 database every context
 * of the JVM can open, or, when {@code REGISTRY_DB_URL} names a PostgreSQL database, a database of its own on that
 * server, dropped by {@link #close()}. Other test classes' contexts never see these events or publish them.
 */
public final class RegistryInstances implements AutoCloseable {

    public static final String ADMIN_KEY = RegistryIntegrationTest.ADMIN_KEY;

    /** Host and port, database name, parameters. */
    private static final Pattern POSTGRES_URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(.*)");

    private final String url;
    /** The PostgreSQL database created for these instances; null on H2. */
    private final String database;
    private final String topic;
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    private RegistryInstances(String url, String database, String topic) {
        this.url = url;
        this.database = database;
        this.topic = topic;
    }

    public static RegistryInstances create() throws SQLException {
        String name = "own_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String topic = "registry.events." + name;
        String shared = System.getenv("REGISTRY_DB_URL");
        if (shared == null || shared.isBlank()) {
            return new RegistryInstances("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, topic);
        }
        Matcher parts = POSTGRES_URL.matcher(shared);
        if (!parts.matches()) {
            throw new IllegalStateException("REGISTRY_DB_URL is not a PostgreSQL URL: " + shared);
        }
        try (Connection connection = DriverManager.getConnection(shared, user(), password());
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return new RegistryInstances(parts.group(1) + name + parts.group(3), name, topic);
    }

    public String topic() {
        return topic;
    }

    /** A connection to the instances' database, to shape it before they start or to read it afterwards. */
    public Connection connection() throws SQLException {
        return database == null ? DriverManager.getConnection(url, "sa", "") : DriverManager.getConnection(url, user(), password());
    }

    /** Starts one more instance; {@code settings} add to or override the test defaults. */
    public ConfigurableApplicationContext start(Map<String, Object> settings, Class<?>... configurations) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", url);
        properties.put("registry.kafka.bootstrap-servers", SharedKafka.bootstrapServers());
        properties.put("registry.kafka.topic", topic);
        properties.put("registry.admin-key", ADMIN_KEY);
        properties.put("management.prometheus.metrics.export.enabled", "true");
        properties.putAll(settings);
        List<Class<?>> sources = new ArrayList<>(List.of(RegistryServiceApplication.class, DistinctTokenOwner.class));
        sources.addAll(List.of(configurations));
        // As arguments: SpringApplicationBuilder's properties rank below application.yml.
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .run(properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                        .toArray(String[]::new));
        started.add(context);
        return context;
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Stops every instance, then drops the database. */
    @Override
    public void close() throws SQLException {
        started.forEach(ConfigurableApplicationContext::close);
        if (database != null) {
            try (Connection connection = DriverManager.getConnection(System.getenv("REGISTRY_DB_URL"), user(), password());
                 Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            }
        } else {
            try (Connection connection = connection(); Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            }
        }
    }

    private static String user() {
        return System.getenv().getOrDefault("REGISTRY_DB_USER", "postgres");
    }

    private static String password() {
        return System.getenv().getOrDefault("REGISTRY_DB_PASSWORD", "");
    }
}
