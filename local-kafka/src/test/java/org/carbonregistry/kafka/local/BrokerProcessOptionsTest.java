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
    void theSamePortForClientsAndControllerIsRejected() {
        assertThatThrownBy(() -> new BrokerSettings(Path.of("d"), 9092, 9092))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
