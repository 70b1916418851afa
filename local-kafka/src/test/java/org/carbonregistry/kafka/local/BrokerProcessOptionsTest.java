package org.carbonregistry.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerProcessOptionsTest {

    @Test
    void defaultsToTheRegistryPortsAndDataDirectory() {
        assertThat(BrokerProcessOptions.parse(new String[0], Map.of()))
                .isEqualTo(new BrokerProcessOptions(Path.of("data/kafka"), 9092, 9093));
    }

    @Test
    void environmentOverridesDefaults() {
        Map<String, String> env = Map.of("KAFKA_PORT", "19092", "KAFKA_CONTROLLER_PORT", "19093", "KAFKA_DATA_DIR", "/tmp/k");

        assertThat(BrokerProcessOptions.parse(new String[0], env))
                .isEqualTo(new BrokerProcessOptions(Path.of("/tmp/k"), 19092, 19093));
    }

    @Test
    void argumentsOverrideTheEnvironment() {
        String[] args = {"--data", "d", "--port", "1234", "--controller-port", "1235"};

        assertThat(BrokerProcessOptions.parse(args, Map.of("KAFKA_PORT", "19092")))
                .isEqualTo(new BrokerProcessOptions(Path.of("d"), 1234, 1235));
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndBadPorts() {
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[] {"--verbose", "x"}, Map.of()))
                .hasMessageContaining("unknown option --verbose");
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[] {"--port"}, Map.of()))
                .hasMessageContaining("missing value for --port");
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[] {"--port", "90000"}, Map.of()))
                .hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[0], Map.of("KAFKA_CONTROLLER_PORT", "x")))
                .hasMessageContaining("controller port is not a number");
    }

    @Test
    void aNodeOfAClusterTakesConsecutivePortPairsFromTheBases() {
        String[] args = {"--data", "d", "--port", "19092", "--controller-port", "19093", "--brokers", "3", "--node", "2"};

        BrokerProcessOptions options = BrokerProcessOptions.parse(args, Map.of());
        BrokerSettings settings = options.settings();

        assertThat(options).isEqualTo(new BrokerProcessOptions(Path.of("d"), 19092, 19093, 3, 2));
        assertThat(settings.port()).isEqualTo(19094);
        assertThat(settings.controllerPort()).isEqualTo(19095);
        assertThat(settings.dataDir()).isEqualTo(Path.of("d", "broker-2").toAbsolutePath());
        assertThat(settings.clusterBootstrapServers()).isEqualTo("127.0.0.1:19092,127.0.0.1:19094,127.0.0.1:19096");
        assertThat(settings.serverProperties())
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("default.replication.factor", "3")
                .containsEntry("min.insync.replicas", "2");
    }

    @Test
    void aSingleBrokerKeepsItsLogInTheDataDirectoryWithOneReplica() {
        BrokerSettings settings = BrokerProcessOptions.parse(new String[] {"--data", "d"}, Map.of()).settings();

        assertThat(settings.dataDir()).isEqualTo(Path.of("d").toAbsolutePath());
        assertThat(settings.serverProperties())
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("min.insync.replicas", "1");
    }

    @Test
    void badClusterOptionsAreRejected() {
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[] {"--brokers", "3", "--node", "4"}, Map.of()))
                .hasMessageContaining("node id must be between 1 and 3");
        assertThatThrownBy(() -> BrokerProcessOptions.parse(new String[] {"--brokers", "0"}, Map.of()))
                .hasMessageContaining("number of brokers must be between 1 and 9");
        // node 2's client port would be node 1's controller port
        assertThatThrownBy(() -> BrokerProcessOptions.parse(
                new String[] {"--port", "9092", "--controller-port", "9094", "--brokers", "3"}, Map.of()).settings())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distinct");
    }

    @Test
    void theSamePortForClientsAndControllerIsRejected() {
        assertThatThrownBy(() -> new BrokerSettings(Path.of("d"), 9092, 9092))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
