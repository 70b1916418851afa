package org.carbonregistry.kafka.local;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link LocalKafkaBroker} as its own process, for {@code ./registry up}: a single broker, or with
 * {@code --brokers 3 --node k} node k of a three-node cluster (the launcher starts one process per node, so that
 * one node can crash and be restarted while the other two serve).
 *
 * <p>Prints {@value #READY_PREFIX}{@code <port>} on standard output once clients can connect (followed by
 * {@code (node k of n)} in a cluster), and
 * {@value #STOPPED_LINE} after a clean shutdown on SIGTERM (or SIGINT). Exit codes: 143 after
 * SIGTERM (the JVM's convention), {@value #EXIT_PORT_IN_USE} when a port is taken,
 * {@value #EXIT_BAD_ARGUMENTS} for bad arguments, {@value #EXIT_FAILED} for any other failure.
 */
public final class LocalKafkaMain {

    public static final String READY_PREFIX = "Kafka broker ready at " + BrokerSettings.HOST + ":";
    public static final String STOPPED_LINE = "Kafka broker stopped";
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_PORT_IN_USE = 2;
    public static final int EXIT_BAD_ARGUMENTS = 64;

    private static final int STOPPED_BY_SIGNAL = -1;
    private static final String LOGBACK_CONFIG = "org/carbonregistry/kafka/local/broker-process-logback.xml";

    private LocalKafkaMain() {
    }

    public static void main(String[] args) {
        // Before the first logger exists: Kafka at WARN, our own progress at INFO. Not a logback.xml,
        // which would take over logging of every application that has this jar on its classpath.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        int exitCode = run(args);
        if (exitCode != STOPPED_BY_SIGNAL) {
            System.exit(exitCode);
        }
        // Otherwise the JVM is already shutting down; System.exit would block until it is done.
    }

    private static int run(String[] args) {
        BrokerProcessOptions options;
        BrokerSettings settings;
        try {
            options = BrokerProcessOptions.parse(args, System.getenv());
            settings = options.settings();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return EXIT_BAD_ARGUMENTS;
        }

        AtomicReference<LocalKafkaBroker> started = new AtomicReference<>();
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread stopOnSignal = new Thread(() -> {
            stopRequested.set(true);
            LocalKafkaBroker broker = started.get();
            if (broker != null) {
                broker.close();
                System.out.println(STOPPED_LINE);
            }
        }, "local-kafka-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);

        LocalKafkaBroker broker;
        try {
            broker = LocalKafkaBroker.start(settings);
        } catch (PortInUseException e) {
            System.err.println(e.getMessage() + ". Stop that process or choose other ports"
                    + " (--port/--controller-port or KAFKA_PORT/KAFKA_CONTROLLER_PORT).");
            return EXIT_PORT_IN_USE;
        } catch (RuntimeException e) {
            System.err.println("Kafka broker failed to start: " + e);
            e.printStackTrace();
            return EXIT_FAILED;
        }
        started.set(broker);
        System.out.println(READY_PREFIX + broker.port()
                + (options.brokers() > 1 ? " (node " + options.nodeId() + " of " + options.brokers() + ")" : ""));
        System.out.flush();

        broker.awaitShutdown();
        if (stopRequested.get()) {
            return STOPPED_BY_SIGNAL;
        }
        System.err.println("Kafka broker stopped unexpectedly; see the log above");
        return EXIT_FAILED;
    }
}
