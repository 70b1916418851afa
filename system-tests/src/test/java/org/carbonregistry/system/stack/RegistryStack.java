package org.carbonregistry.system.stack;

import org.carbonregistry.kafka.local.LocalKafkaBroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole registry as in production, on this machine: a real Kafka broker (or a cluster) and the three services,
 * each instance its own OS process, on fresh databases. Everything it starts it stops in {@link #close()}.
 */
public final class RegistryStack implements AutoCloseable {

    public static final String ADMIN_KEY = "crk_system-test-administrator-key-0123456789";
    public static final String REPORTING_SERVICE_KEY = "crk_system-test-reporting-service-key-0123456789";
    public static final String LEDGER_SERVICE_KEY = "crk_system-test-ledger-service-key-0123456789";
    public static final String TOPIC = "registry.events";
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final Path folder;
    private final LocalKafkaBroker broker;
    private final KafkaNodes kafkaNodes;
    private final Databases databases;
    private final List<ServiceProcess> registries = new ArrayList<>();
    private final List<ServiceProcess> ledgers = new ArrayList<>();
    private final List<ServiceProcess> reportings = new ArrayList<>();

    /**
     * How many of each: Kafka brokers (1: in this JVM; more: a cluster of OS processes), and instances of each
     * service. Several instances of a service share its database, so they need PostgreSQL.
     */
    public record Topology(int brokers, int registries, int ledgers, int reportings) {
        public static final Topology SINGLE = new Topology(1, 1, 1, 1);
    }

    private RegistryStack(Path folder, Topology topology, Map<String, String> extraEnvironment) throws Exception {
        this.folder = folder;
        if (topology.brokers() == 1) {
            this.broker = LocalKafkaBroker.start(folder.resolve("kafka"), 0, 0);
            this.kafkaNodes = null;
            broker.createTopic(TOPIC, 3);
        } else {
            this.broker = null;
            this.kafkaNodes = KafkaNodes.start(folder.resolve("kafka"), topology.brokers());
            kafkaNodes.createTopic(TOPIC, 3);
        }
        this.databases = new Databases(folder);
        int[] registryPorts = freePorts(topology.registries());
        int[] ledgerPorts = freePorts(topology.ledgers());
        int[] reportingPorts = freePorts(topology.reportings());

        Map<String, String> common = new HashMap<>(databases.environment());
        common.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        // the services find each other at their first instances
        common.put("REGISTRY_URL", "http://127.0.0.1:" + registryPorts[0]);
        common.put("LEDGER_URL", "http://127.0.0.1:" + ledgerPorts[0]);
        common.put("REPORTING_URL", "http://127.0.0.1:" + reportingPorts[0]);
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

        instances(registries, "registry-service", "registry.jar", "REGISTRY_PORT", registryPorts, common);
        instances(ledgers, "ledger-anchor", "ledger.jar", "LEDGER_PORT", ledgerPorts, common);
        instances(reportings, "reporting", "reporting.jar", "REPORTING_PORT", reportingPorts, common);
    }

    private void instances(List<ServiceProcess> into, String name, String jarProperty, String portVariable, int[] ports,
                           Map<String, String> common) {
        for (int i = 0; i < ports.length; i++) {
            Map<String, String> environment = new HashMap<>(common);
            environment.put(portVariable, String.valueOf(ports[i]));
            into.add(new ServiceProcess(i == 0 ? name : name + "-" + (i + 1), jar(jarProperty), environment, folder, ports[i]));
        }
    }

    public static RegistryStack start(Path folder) throws Exception {
        return start(folder, Map.of());
    }

    /** A stack whose services also get {@code extraEnvironment} (settings a test needs, e.g. fast compaction). */
    public static RegistryStack start(Path folder, Map<String, String> extraEnvironment) throws Exception {
        return start(folder, Topology.SINGLE, extraEnvironment);
    }

    /**
     * Starts the first instance of each service, waits for them, then the other instances: the first registry
     * instance creates the signing key and the keys the others share, the first ledger instance takes the
     * sequencer's lease, so the others start as standbys.
     */
    public static RegistryStack start(Path folder, Topology topology, Map<String, String> extraEnvironment) throws Exception {
        Files.createDirectories(folder);
        RegistryStack stack = new RegistryStack(folder, topology, extraEnvironment);
        try {
            List<ServiceProcess> first = List.of(stack.registry(), stack.ledger(), stack.reporting());
            for (ServiceProcess service : first) {
                service.start();
            }
            for (ServiceProcess service : first) {
                service.awaitHealthy(STARTUP);
            }
            List<ServiceProcess> others = stack.services().stream().filter(service -> !first.contains(service)).toList();
            for (ServiceProcess service : others) {
                service.start();
            }
            for (ServiceProcess service : others) {
                service.awaitHealthy(STARTUP);
            }
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    /** The in-process broker of a one-broker stack. */
    public LocalKafkaBroker broker() {
        if (broker == null) {
            throw new IllegalStateException("this stack runs a cluster of Kafka processes: use kafkaNodes()");
        }
        return broker;
    }

    /** The Kafka nodes of a stack with several brokers. */
    public KafkaNodes kafkaNodes() {
        if (kafkaNodes == null) {
            throw new IllegalStateException("this stack runs one in-process broker: use broker()");
        }
        return kafkaNodes;
    }

    public String bootstrapServers() {
        return broker != null ? broker.bootstrapServers() : kafkaNodes.bootstrapServers();
    }

    public ServiceProcess registry() { return registries.get(0); }
    public ServiceProcess ledger() { return ledgers.get(0); }
    public ServiceProcess reporting() { return reportings.get(0); }
    public List<ServiceProcess> registries() { return List.copyOf(registries); }
    public List<ServiceProcess> ledgers() { return List.copyOf(ledgers); }
    public List<ServiceProcess> reportings() { return List.copyOf(reportings); }
    public Path folder() { return folder; }
    public boolean onPostgres() { return databases.postgres(); }

    /** Each service's database connection settings ({@code REGISTRY_DB_URL}, ...), to inspect them after a run. */
    public Map<String, String> databaseEnvironment() {
        return databases.environment();
    }

    /** Whether every service instance is still running (none was stopped or killed). */
    public boolean servicesRunning() {
        return services().stream().allMatch(ServiceProcess::isAlive);
    }

    /** Stops the services (the broker and the databases stay), e.g. to read their databases afterwards. */
    public void stopServices() throws InterruptedException {
        for (ServiceProcess service : servicesLastFirst()) {
            service.close();
        }
    }

    /** Each service's logged errors with their stack traces (bounded), so a failed CI run shows why. */
    public void printLoggedErrors(java.io.PrintStream out) {
        for (ServiceProcess service : services()) {
            service.printLoggedErrors(out, 3, 40);
        }
    }

    /** Stopping order: reporting and ledger before the registry they read from. */
    private List<ServiceProcess> servicesLastFirst() {
        List<ServiceProcess> all = services();
        java.util.Collections.reverse(all);
        return all;
    }

    /** Every service instance: registries, ledgers, reportings. */
    private List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(registries);
        all.addAll(ledgers);
        all.addAll(reportings);
        return all;
    }

    private static Path jar(String property) {
        String path = System.getProperty(property);
        if (path == null) {
            throw new IllegalStateException("system property " + property + " names the service jar (set by failsafe)");
        }
        return Path.of(path);
    }

    private static int[] freePorts(int count) throws IOException {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports[i] = socket.getLocalPort();
            }
        }
        return ports;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (ServiceProcess service : servicesLastFirst()) {
            try {
                service.close();
            } catch (Exception e) {
                failure = failure == null ? e : failure;
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (kafkaNodes != null) {
            kafkaNodes.close();
        }
        if (databases != null) {
            databases.close();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
