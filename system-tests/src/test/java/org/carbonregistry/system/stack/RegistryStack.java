package org.carbonregistry.system.stack;

import org.carbonregistry.kafka.local.LocalKafkaBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole registry as in production, on this machine: a real Kafka broker and the three services, each its own
 * OS process, on fresh databases. Everything it starts it stops in {@link #close()}.
 */
public final class RegistryStack implements AutoCloseable {

    public static final String ADMIN_KEY = "crk_system-test-administrator-key-0123456789";
    public static final String REPORTING_SERVICE_KEY = "crk_system-test-reporting-service-key-0123456789";
    public static final String LEDGER_SERVICE_KEY = "crk_system-test-ledger-service-key-0123456789";
    public static final String TOPIC = "registry.events";
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Path folder;
    private final LocalKafkaBroker broker;
    private final Databases databases;
    private final ServiceProcess registry;
    private final ServiceProcess ledger;
    private final ServiceProcess reporting;

    private RegistryStack(Path folder, Map<String, String> extraEnvironment) throws Exception {
        this.folder = folder;
        this.broker = LocalKafkaBroker.start(folder.resolve("kafka"), 0, 0);
        broker.createTopic(TOPIC, 3);
        this.databases = new Databases(folder);
        int registryPort = freePort();
        int ledgerPort = freePort();
        int reportingPort = freePort();

        Map<String, String> common = new HashMap<>(databases.environment());
        common.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        common.put("REGISTRY_PORT", String.valueOf(registryPort));
        common.put("LEDGER_PORT", String.valueOf(ledgerPort));
        common.put("REPORTING_PORT", String.valueOf(reportingPort));
        common.put("REGISTRY_URL", "http://127.0.0.1:" + registryPort);
        common.put("LEDGER_URL", "http://127.0.0.1:" + ledgerPort);
        common.put("REPORTING_URL", "http://127.0.0.1:" + reportingPort);
        common.put("REGISTRY_ADMIN_KEY", ADMIN_KEY);
        common.put("REPORTING_SERVICE_KEY", REPORTING_SERVICE_KEY);
        common.put("LEDGER_SERVICE_KEY", LEDGER_SERVICE_KEY);
        common.put("REGISTRY_SIGNING_KEY", folder.resolve("registry-signing-key.pem").toString());
        common.put("LEDGER_SIGNING_KEY", folder.resolve("ledger-signing-key.pem").toString());
        common.put("LEDGER_CHECKPOINT_INTERVAL", "PT1S");
        common.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // awaitHealthy asks /actuator/health/liveness, which Boot serves off Kubernetes only with probes enabled
        common.put("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED", "true");
        common.putAll(extraEnvironment);

        registry = new ServiceProcess("registry-service", jar("registry.jar"), common, folder, registryPort);
        ledger = new ServiceProcess("ledger-anchor", jar("ledger.jar"), common, folder, ledgerPort);
        reporting = new ServiceProcess("reporting", jar("reporting.jar"), common, folder, reportingPort);
    }

    public static RegistryStack start(Path folder) throws Exception {
        return start(folder, Map.of());
    }

    /** A stack whose services also get {@code extraEnvironment} (settings a test needs, e.g. fast compaction). */
    public static RegistryStack start(Path folder, Map<String, String> extraEnvironment) throws Exception {
        Files.createDirectories(folder);
        RegistryStack stack = new RegistryStack(folder, extraEnvironment);
        try {
            stack.registry.start();
            stack.ledger.start();
            stack.reporting.start();
            stack.registry.awaitHealthy(STARTUP);
            stack.ledger.awaitHealthy(STARTUP);
            stack.reporting.awaitHealthy(STARTUP);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    public LocalKafkaBroker broker() { return broker; }
    public ServiceProcess registry() { return registry; }
    public ServiceProcess ledger() { return ledger; }
    public ServiceProcess reporting() { return reporting; }
    public Path folder() { return folder; }
    public boolean onPostgres() { return databases.postgres(); }

    /** Each service's database connection settings ({@code REGISTRY_DB_URL}, ...), to inspect them after a run. */
    public Map<String, String> databaseEnvironment() {
        return databases.environment();
    }

    /** Stops the three services (the broker and the databases stay), e.g. to read their databases afterwards. */
    public void stopServices() throws InterruptedException {
        for (ServiceProcess service : new ServiceProcess[]{reporting, ledger, registry}) {
            service.close();
        }
    }

    /** Each service's logged errors with their stack traces (bounded), so a failed CI run shows why. */
    public void printLoggedErrors(java.io.PrintStream out) {
        for (ServiceProcess service : new ServiceProcess[]{registry, ledger, reporting}) {
            service.printLoggedErrors(out, 3, 40);
        }
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " names the service jar (set by failsafe)");
        }
        return Path.of(path);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (ServiceProcess service : new ServiceProcess[]{reporting, ledger, registry}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        broker.close();
        databases.close();
        if (failure != null) {
            throw failure;
        }
    }
}
