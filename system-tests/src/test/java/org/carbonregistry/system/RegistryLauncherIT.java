package org.carbonregistry.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.system.stack.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./registry up --brokers 3} as a person runs it, on free ports and a data directory of its own, with
 * registry-service only (REGISTRY_SERVICES) to stay quick: a SIGKILLed registry-service and a SIGKILLed Kafka node
 * are restarted by the launcher, which says so, and the registry accepts a retirement of a batch issued before the
 * crash. SIGTERM (what Ctrl-C amounts to) then stops everything.
 */
// Always on H2 in its own data directory, so CI's PostgreSQL pass (which leaves "slow" out) would only repeat it.
@Tag("slow")
class RegistryLauncherIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String ADMIN_KEY = "crk_launcher-test-administrator-key-0123456789";
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private static final Duration RESTART = Duration.ofSeconds(90);

    private final Api api = new Api();
    private Path data;
    private Process launcher;

    @Test
    void restartsWhatDiesAndKeepsServing() throws Exception {
        data = Path.of("target", "system-it", "launcher-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(data);
        for (String jar : List.of("local-kafka/target/local-kafka-" + VERSION + ".jar",
                "registry-service/target/registry-service-" + VERSION + "-exec.jar")) {
            assertThat(ROOT.resolve(jar)).as("built by the reactor before this test (./mvnw verify)").isRegularFile();
        }
        // The launcher asks Maven for local-kafka's classpath once and keeps it here; this JVM's classpath has
        // local-kafka and all it needs, and saves a Maven run.
        Files.writeString(data.resolve("kafka.classpath"), System.getProperty("java.class.path"));
        int kafkaPort = freePortRun(6);
        int registryPort = freePortRun(1);
        String registry = "http://127.0.0.1:" + registryPort;

        ProcessBuilder builder = new ProcessBuilder("bash", ROOT.resolve("registry").toString(), "up", "--brokers", "3")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("launcher.log").toFile());
        Map<String, String> env = builder.environment();
        List.of("KAFKA_BOOTSTRAP_SERVERS", "REGISTRY_DB_URL", "REGISTRY_DB_USER", "REGISTRY_DB_PASSWORD")
                .forEach(env::remove);
        env.put("REGISTRY_DATA_DIR", data.toString());
        env.put("REGISTRY_SERVICES", "registry-service");
        env.put("REGISTRY_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(kafkaPort + 1));
        env.put("REGISTRY_PORT", String.valueOf(registryPort));
        env.put("REGISTRY_ADMIN_KEY", ADMIN_KEY);
        env.put("REPORTING_SERVICE_KEY", "crk_launcher-test-reporting-service-key-0123456789");
        launcher = builder.start();

        awaitOutput("The registry is up.", STARTUP);
        assertThat(output()).contains("Kafka             127.0.0.1:" + kafkaPort + ",127.0.0.1:" + (kafkaPort + 2)
                + ",127.0.0.1:" + (kafkaPort + 4));

        String developer = post(registry + "/api/accounts", ADMIN_KEY, Map.of("name", "Jiko Safi Cookstoves Ltd",
                "type", "PROJECT_DEVELOPER", "jurisdiction", "KE")).get("accountId").asText();
        String project = post(registry + "/api/projects", ADMIN_KEY, Map.of("name", "Nairobi clean cookstoves",
                "standard", "GS", "methodology", "GS TPDDTEC v3.1", "country", "KE", "category", "REDUCTION",
                "type", "Clean cookstoves", "developerAccountId", developer)).get("projectId").asText();
        String batch = post(registry + "/api/batches", ADMIN_KEY, Map.of("projectId", project,
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 1000, "toAccount", developer,
                "labels", List.of("CCP"), "correspondingAdjustment", false)).get("batchId").asText();
        String holder = post(registry + "/api/accounts/" + developer + "/api-keys", ADMIN_KEY,
                Map.of("role", "ACCOUNT_HOLDER")).get("key").asText();

        long killed = kill("registry-service");
        awaitOutput("registry-service (pid " + killed + ") died, killed by SIGKILL; restarting it in 1 s", RESTART);
        awaitOutput("restarted registry-service (pid ", RESTART);
        awaitOutput("registry-service is serving again", RESTART);

        JsonNode retirement = post(registry + "/api/batches/" + batch + "/retirements", holder, Map.of(
                "account", developer, "quantity", 10, "beneficiary", "ACME GmbH",
                "purpose", "2025 voluntary claim", "reportingYear", 2025));
        assertThat(retirement.get("retirementId").asText()).isNotBlank();
        assertThat(pid("registry-service")).isNotEqualTo(killed);

        long broker = kill("kafka-2");
        awaitOutput("kafka-2 (pid " + broker + ") died, killed by SIGKILL; restarting it in 1 s", RESTART);
        awaitOutput("kafka-2 is serving again", RESTART);

        launcher.destroy(); // SIGTERM, as Ctrl-C: the launcher stops everything it started
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("the launcher exits").isTrue();
        assertThat(output()).contains("stopped registry-service", "stopped kafka-1", "stopped kafka-2", "stopped kafka-3");
        assertThat(alive(killed)).isFalse();
        try (var pids = Files.list(data.resolve("pids"))) {
            assertThat(pids).as("no process left behind").isEmpty();
        }
    }

    /** Whatever the test left running, the launcher first (it stops its children), then any child by its pid. */
    @AfterEach
    void stopEverything() throws Exception {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
        }
        if (data != null && Files.isDirectory(data.resolve("pids"))) {
            try (var pids = Files.list(data.resolve("pids"))) {
                for (Path file : pids.toList()) {
                    ProcessHandle.of(Long.parseLong(Files.readString(file).strip())).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        }
    }

    private JsonNode post(String url, String key, Object body) throws Exception {
        return api.post(url, key, body, UUID.randomUUID().toString()).requireOk("POST " + url).json();
    }

    /** SIGKILLs the named process of the stack and returns its pid once it is gone. */
    private long kill(String name) throws Exception {
        long pid = pid(name);
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"));
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        return pid;
    }

    private long pid(String name) throws IOException {
        return Long.parseLong(Files.readString(data.resolve("pids").resolve(name)).strip());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private void awaitOutput(String text, Duration timeout) {
        await(text).atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!launcher.isAlive() && !output().contains(text)) {
                throw new AssertionError("the launcher exited with " + launcher.exitValue() + ":\n" + output());
            }
            return output().contains(text);
        });
    }

    private String output() throws IOException {
        return Files.readString(data.resolve("launcher.log"), StandardCharsets.UTF_8);
    }

    /** The first of {@code count} consecutive ports that are all free on loopback right now. */
    private static int freePortRun(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                first = socket.getLocalPort();
            }
            if (first + count <= 65535 && allFree(first, count)) {
                return first;
            }
        }
        throw new IllegalStateException("no run of " + count + " free ports on loopback");
    }

    private static boolean allFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                // free
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
