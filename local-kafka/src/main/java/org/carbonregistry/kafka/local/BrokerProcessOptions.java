package org.carbonregistry.kafka.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Command line of {@link LocalKafkaMain}:
 * {@code --data <dir> --port <p> --controller-port <p> [--brokers <n> --node <id>]}.
 * Missing options fall back to {@code KAFKA_DATA_DIR}, {@code KAFKA_PORT}, {@code KAFKA_CONTROLLER_PORT} and
 * {@code KAFKA_BROKERS}, then to {@code ./data/kafka}, 9092, 9093 and a single broker. In a cluster of n the ports
 * are the bases of node 1; node k listens two ports further up per step (see {@link BrokerSettings#portsFrom}).
 */
record BrokerProcessOptions(Path dataDir, int port, int controllerPort, int brokers, int nodeId) {

    static final String USAGE = "usage: LocalKafkaMain [--data <dir>] [--port <port>] [--controller-port <port>]"
            + " [--brokers <n> --node <id>]";

    BrokerProcessOptions(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, 1, 1);
    }

    static BrokerProcessOptions parse(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("KAFKA_DATA_DIR", "data/kafka");
        String port = env.getOrDefault("KAFKA_PORT", "9092");
        String controllerPort = env.getOrDefault("KAFKA_CONTROLLER_PORT", "9093");
        String brokers = env.getOrDefault("KAFKA_BROKERS", "1");
        String nodeId = "1";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option + "\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--data" -> dataDir = value;
                case "--port" -> port = value;
                case "--controller-port" -> controllerPort = value;
                case "--brokers" -> brokers = value;
                case "--node" -> nodeId = value;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        int size = parseNumber("number of brokers", brokers, 1, 9);
        int node = parseNumber("node id", nodeId, 1, size);
        int firstPort = parseNumber("port", port, 1, 65535);
        int firstControllerPort = parseNumber("controller port", controllerPort, 1, 65535);
        if (Math.max(firstPort, firstControllerPort) + 2 * (size - 1) > 65535) {
            throw new IllegalArgumentException("ports " + firstPort + " and " + firstControllerPort
                    + " leave no room for " + size + " brokers");
        }
        return new BrokerProcessOptions(Path.of(dataDir), firstPort, firstControllerPort, size, node);
    }

    /** This node's settings; fails on ports that overlap between nodes. */
    BrokerSettings settings() {
        return new BrokerSettings(dataDir, nodeId, BrokerSettings.portsFrom(port, controllerPort, brokers));
    }

    private static int parseNumber(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value, e);
        }
    }
}
