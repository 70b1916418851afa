package org.carbonregistry.kafka.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Kafka broker for all integration tests of a JVM.
 *
 * <p>{@link #bootstrapServers()} returns {@code KAFKA_BOOTSTRAP_SERVERS} when that environment
 * variable is set (an external broker, never started or stopped here). Otherwise the first call
 * starts a {@link LocalKafkaBroker} on ephemeral ports in a temporary directory; later calls reuse it.
 *
 * <p>Register {@link Extension} on test classes so the broker is stopped and its directory deleted
 * when the whole test run ends. Without the extension a JVM shutdown hook does the same.
 */
public final class SharedKafka {

    public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static LocalKafkaBroker broker;
    private static Path dataDir;

    private SharedKafka() {
    }

    /** {@code host:port[,host:port]} of the external broker, or of the shared in-process broker. */
    public static String bootstrapServers() {
        String external = System.getenv(BOOTSTRAP_SERVERS_ENV);
        if (external != null && !external.isBlank()) {
            return external.trim();
        }
        return localBroker().bootstrapServers();
    }

    /** Whether the tests talk to a broker named by {@code KAFKA_BOOTSTRAP_SERVERS} instead of a local one. */
    public static boolean usesExternalBroker() {
        String external = System.getenv(BOOTSTRAP_SERVERS_ENV);
        return external != null && !external.isBlank();
    }

    private static synchronized LocalKafkaBroker localBroker() {
        if (broker == null) {
            try {
                dataDir = Files.createTempDirectory("shared-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for Kafka", e);
            }
            broker = LocalKafkaBroker.start(dataDir, 0, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(SharedKafka::stop, "shared-kafka-shutdown"));
        }
        return broker;
    }

    /* Idempotent: the extension's store and the shutdown hook may both call it. */
    private static synchronized void stop() {
        if (broker == null) {
            return;
        }
        broker.close();
        broker = null;
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Leaving a directory in the system temp dir behind is harmless.
        }
    }

    /**
     * {@code @ExtendWith(SharedKafka.Extension.class)}: makes sure the shared broker runs before the
     * class's tests (unless {@code KAFKA_BOOTSTRAP_SERVERS} is set) and stops it when the test run
     * ends, through a resource in the root {@link ExtensionContext.Store}.
     */
    public static final class Extension implements BeforeAllCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedKafka.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            if (usesExternalBroker()) {
                return;
            }
            context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                    StopAtEndOfRun.class, key -> new StopAtEndOfRun(bootstrapServers()), StopAtEndOfRun.class);
        }
    }

    private record StopAtEndOfRun(String bootstrapServers) implements ExtensionContext.Store.CloseableResource {

        @Override
        public void close() {
            stop();
        }
    }
}
