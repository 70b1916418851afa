package org.carbonregistry.reporting.testing;

import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.RegistryServiceApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * registry-service, booted once per test JVM inside it, on a random port, publishing to the shared Kafka broker,
 * with a database of its own ({@code REGISTRY_DB_URL} when set, else in-memory H2). Tests drive it through its
 * HTTP API like any client.
 */
public final class EmbeddedRegistry {

    public static final String ADMIN_KEY = "crk_reporting-it-administrator-key";

    private static ConfigurableApplicationContext context;
    private static String serviceKey;

    private EmbeddedRegistry() {
    }

    public static synchronized URI url() {
        if (context == null) {
            context = boot();
        }
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Whether this registry-service signs its events: it serves its key at {@code GET /api/registry-key}. */
    public static boolean signsEvents() {
        return new Http(url()).get("/api/registry-key", null).status() == 200;
    }

    /**
     * A key with role SERVICE for reporting's introspection calls: {@code REPORTING_SERVICE_KEY} if set, otherwise
     * one made through the admin API (an account of type REGISTRY, then a SERVICE key for it).
     */
    public static synchronized String serviceKey() {
        if (serviceKey == null) {
            String configured = System.getenv("REPORTING_SERVICE_KEY");
            if (configured != null && !configured.isBlank()) {
                serviceKey = configured;
            } else {
                RegistryClient admin = new RegistryClient(new Http(url()), ADMIN_KEY);
                serviceKey = admin.createKey(admin.openAccount(RegistryClient.unique("Reporting service"), "REGISTRY", "NL"),
                        "SERVICE");
            }
        }
        return serviceKey;
    }

    private static ConfigurableApplicationContext boot() {
        System.setProperty("axoniq.update-checker.disabled", "true");
        List<String> args = new ArrayList<>(List.of(
                // Reporting's own application.yml comes first on this classpath; point at registry-service's.
                "--spring.config.location=file:" + registryConfiguration(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--registry.kafka.bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--registry.admin-key=" + ADMIN_KEY,
                "--spring.main.banner-mode=off",
                "--spring.application.name=registry-service-in-reporting-tests"));
        String url = System.getenv("REGISTRY_DB_URL");
        if (url == null || url.isBlank()) {
            args.add("--spring.datasource.url=jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }
        return new SpringApplicationBuilder(RegistryServiceApplication.class)
                .web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run(args.toArray(String[]::new));
    }

    /** registry-service's application.yml, copied out of its jar (or classes directory) to a file. */
    private static Path registryConfiguration() {
        try {
            URL location = RegistryServiceApplication.class.getProtectionDomain().getCodeSource().getLocation();
            URL yml = location.getPath().endsWith(".jar")
                    ? new URL("jar:" + location + "!/application.yml")
                    : new URL(location, "application.yml");
            Path copy = Files.createTempFile("registry-service-", ".yml");
            copy.toFile().deleteOnExit();
            try (InputStream in = yml.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registry-service's application.yml", e);
        }
    }
}
