package org.carbonregistry.ledger.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real registry-service, run from its runnable jar as a separate process on an in-memory H2 database, publishing
 * to a topic of the test's choosing, and driven over its HTTP API with an administrator key.
 */
public final class RegistryProcess implements AutoCloseable {

    public static final String ADMIN_KEY = "crk_ledger-end-to-end-test-administrator-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RegistryProcess(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    public static RegistryProcess start(String bootstrapServers, String topic, int port, Path log) throws IOException {
        List<String> command = CliProcess.quickJvm("512m");
        command.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-jar", registryJar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Map.of(
                "REGISTRY_PORT", Integer.toString(port),
                // Always its own in-memory database, even where REGISTRY_DB_URL points CI at PostgreSQL.
                "REGISTRY_DB_URL", "jdbc:h2:mem:registry-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "REGISTRY_DB_USER", "sa",
                "REGISTRY_DB_PASSWORD", "",
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "REGISTRY_EVENTS_TOPIC", topic,
                "REGISTRY_ADMIN_KEY", ADMIN_KEY,
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true"));
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new RegistryProcess(builder.start(), "http://127.0.0.1:" + port, log);
    }

    /** registry-service's runnable jar: the only thing of it on this module's test classpath. */
    static Path registryJar() {
        URL marker = RegistryProcess.class.getClassLoader()
                .getResource("BOOT-INF/classes/org/carbonregistry/registry/RegistryServiceApplication.class");
        if (marker == null || !"jar".equals(marker.getProtocol())) {
            throw new IllegalStateException("registry-service's exec jar is not on the test classpath");
        }
        String file = marker.getPath().substring("file:".length(), marker.getPath().indexOf("!/"));
        return Path.of(URI.create("file:" + file));
    }

    public boolean isReady() {
        try {
            return get("/actuator/health/readiness").path("status").asText().equals("UP");
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), 200);
    }

    /** POSTs a JSON body as the administrator and expects 201. */
    public JsonNode post(String path, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 201);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
