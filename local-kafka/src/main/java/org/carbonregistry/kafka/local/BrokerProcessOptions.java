package org.carbonregistry.kafka.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * Command line of {@link LocalKafkaMain}: {@code --data <dir> --port <p> --controller-port <p>}.
 * Missing options fall back to {@code KAFKA_DATA_DIR}, {@code KAFKA_PORT} and
 * {@code KAFKA_CONTROLLER_PORT}, then to {@code ./data/kafka}, 9092 and 9093.
 */
record BrokerProcessOptions(Path dataDir, int port, int controllerPort) {

    static final String USAGE = "usage: LocalKafkaMain [--data <dir>] [--port <port>] [--controller-port <port>]";

    static BrokerProcessOptions parse(String[] args, Map<String, String> env) {
        String dataDir = env.getOrDefault("KAFKA_DATA_DIR", "data/kafka");
        String port = env.getOrDefault("KAFKA_PORT", "9092");
        String controllerPort = env.getOrDefault("KAFKA_CONTROLLER_PORT", "9093");
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
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        return new BrokerProcessOptions(Path.of(dataDir), parsePort("port", port), parsePort("controller port", controllerPort));
    }

    private static int parsePort(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(name + " must be between 1 and 65535, got " + value);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value, e);
        }
    }
}
