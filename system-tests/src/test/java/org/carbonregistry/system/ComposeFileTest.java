package org.carbonregistry.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * There is no Docker engine to run compose/docker-compose.yml here, so its wiring is checked against the
 * services themselves: every variable it sets is one the service reads, and every port it publishes is the
 * port the service listens on.
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern GETENV = Pattern.compile("getenv\\(\"([A-Z][A-Z0-9_]*)\"\\)");
    private static final List<String> SERVICES = List.of("registry-service", "ledger-anchor", "reporting");
    private static final List<String> KAFKA_NODES = List.of("kafka-1", "kafka-2", "kafka-3");

    private static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readComposeFile() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("compose/docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
    }

    @Test
    void everyServiceIsThereWithKafkaAndPostgres() {
        assertThat(services().keySet()).containsAll(SERVICES).containsAll(KAFKA_NODES).contains("postgres");
    }

    @Test
    void everyVariableSetForAServiceIsOneTheServiceReads() throws IOException {
        for (String service : SERVICES) {
            Set<String> read = variablesRead(service);
            assertThat(environment(service).keySet())
                    .as("variables compose sets for %s, which reads %s", service, read)
                    .isSubsetOf(read);
        }
    }

    @Test
    void everyServiceGetsItsDatabaseAndTheBroker() {
        assertThat(environment("registry-service")).containsKeys("REGISTRY_DB_URL", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environment("ledger-anchor")).containsKeys("LEDGER_DB_URL", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(environment("reporting")).containsKeys("REPORTING_DB_URL", "KAFKA_BOOTSTRAP_SERVERS",
                "REGISTRY_URL", "LEDGER_URL");
        for (String service : SERVICES) {
            assertThat(environment(service).get("KAFKA_BOOTSTRAP_SERVERS"))
                    .as("%s finds the cluster through any of its nodes", service)
                    .isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
        }
    }

    @Test
    void kafkaIsAThreeNodeKraftClusterThatToleratesOneNodeDown() {
        for (int i = 0; i < KAFKA_NODES.size(); i++) {
            String node = KAFKA_NODES.get(i);
            Map<String, String> env = environment(node);
            assertThat(env).as(node)
                    .containsEntry("KAFKA_NODE_ID", String.valueOf(i + 1))
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + node + ":9092")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("CLUSTER_ID", environment("kafka-1").get("CLUSTER_ID"))
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false");
            @SuppressWarnings("unchecked")
            List<String> volumes = (List<String>) services().get(node).get("volumes");
            assertThat(volumes).as("%s keeps its log on a volume of its own", node)
                    .containsExactly(node + "-data:/var/lib/kafka/data");
            assertThat(services().get(node)).as(node).containsKey("healthcheck").containsEntry("restart", "unless-stopped");
        }
    }

    @Test
    void servicesWaitForEveryKafkaNodeAndComeBackAfterACrash() {
        for (String service : SERVICES) {
            @SuppressWarnings("unchecked")
            Map<String, Object> dependsOn = (Map<String, Object>) services().get(service).get("depends_on");
            assertThat(dependsOn).as(service).containsKeys(KAFKA_NODES.toArray(String[]::new));
            assertThat(services().get(service)).as(service).containsEntry("restart", "unless-stopped");
        }
    }

    @Test
    void noContainerRunsAsRoot() {
        services().forEach((name, definition) -> {
            Object user = definition.get("user");
            assertThat(user).as("user of %s", name).isNotNull();
            assertThat(String.valueOf(user)).as("user of %s", name).doesNotStartWith("0").doesNotStartWith("root");
        });
    }

    @Test
    void publishedPortsAreThePortsTheServicesListenOn() {
        Map<String, String> portVariables = Map.of("registry-service", "REGISTRY_PORT",
                "ledger-anchor", "LEDGER_PORT", "reporting", "REPORTING_PORT");
        for (String service : SERVICES) {
            String port = environment(service).get(portVariables.get(service));
            assertThat(port).as("%s sets %s", service, portVariables.get(service)).isNotNull();
            @SuppressWarnings("unchecked")
            List<String> published = (List<String>) services().get(service).get("ports");
            assertThat(published).as("ports of " + service).containsExactly(port + ":" + port);
        }
    }

    @Test
    void servicesFindEachOtherByTheirComposeNamesAndPorts() {
        Map<String, String> reporting = environment("reporting");
        assertThat(reporting.get("REGISTRY_URL"))
                .isEqualTo("http://registry-service:" + environment("registry-service").get("REGISTRY_PORT"));
        assertThat(reporting.get("LEDGER_URL"))
                .isEqualTo("http://ledger-anchor:" + environment("ledger-anchor").get("LEDGER_PORT"));
    }

    @Test
    void theLedgerAsksTheRegistryAboutKeys() {
        assertThat(environment("ledger-anchor").get("REGISTRY_URL"))
                .isEqualTo("http://registry-service:" + environment("registry-service").get("REGISTRY_PORT"));
    }

    /** A service's own SERVICE key is the same variable for the service and for the registry that bootstraps it. */
    @Test
    void eachServiceKeyIsGivenToTheRegistryAndToTheServiceThatPresentsIt() {
        Map<String, String> keyOf = Map.of("reporting", "REPORTING_SERVICE_KEY", "ledger-anchor", "LEDGER_SERVICE_KEY");
        keyOf.forEach((service, variable) -> {
            assertThat(environment(service)).as(service).containsKey(variable);
            assertThat(environment("registry-service")).as("registry-service bootstraps " + variable).containsKey(variable);
            assertThat(environment(service).get(variable)).as(variable).startsWith("${" + variable + ":?");
            assertThat(environment("registry-service").get(variable)).as(variable).startsWith("${" + variable + ":?");
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(String service) {
        Map<String, Object> environment = (Map<String, Object>) services().get(service).get("environment");
        Map<String, String> values = new java.util.TreeMap<>();
        environment.forEach((name, value) -> values.put(name, String.valueOf(value)));
        return values;
    }

    /** What a service reads: placeholders in its configuration and explicit getenv calls in its code. */
    private static Set<String> variablesRead(String service) throws IOException {
        Set<String> names = new TreeSet<>();
        Path module = ROOT.resolve(service);
        try (Stream<Path> files = Files.walk(module.resolve("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                Pattern pattern = name.endsWith(".java") ? GETENV
                        : name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties") ? PLACEHOLDER
                        : null;
                if (pattern == null) {
                    continue;
                }
                Matcher matcher = pattern.matcher(Files.readString(file));
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }
}
