package org.carbonregistry.kafka.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) running inside this JVM, listening on
 * 127.0.0.1 only: a single-node cluster, or one node of a {@link LocalKafkaCluster}.
 *
 * <p>Storage is formatted the first time a data directory is used and reused afterwards, so topics,
 * records, committed offsets and transaction state survive {@link #shutdown()} / {@link #startAgain()}
 * and survive starting a new broker on the same directory.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    /* Generous: two shared cores and a cold JIT make a first start take up to ~10 s. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final BrokerSettings settings;
    private volatile KafkaRaftServer server;
    private boolean closed;

    private LocalKafkaBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @param dataDir        where the broker keeps its log; created and formatted if new, reused otherwise
     * @param port           client listener port on 127.0.0.1, or 0 for a free ephemeral port
     * @param controllerPort KRaft controller port on 127.0.0.1, or 0 for a free ephemeral port
     * @throws PortInUseException if something already listens on one of the ports
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) {
        int[] ports = LoopbackPorts.resolve(port, controllerPort);
        return start(new BrokerSettings(dataDir, ports[0], ports[1]));
    }

    /** Starts one node of a cluster; returns once that node is an unfenced broker (which needs a quorum up). */
    static LocalKafkaBroker start(BrokerSettings settings) {
        LocalKafkaBroker broker = new LocalKafkaBroker(settings);
        broker.launch();
        return broker;
    }

    /** {@code 127.0.0.1:<port>}; stays the same across {@link #shutdown()} and {@link #startAgain()}. */
    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    public int port() {
        return settings.port();
    }

    public int controllerPort() {
        return settings.controllerPort();
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The KRaft node id: 1 for a single broker, 1 to n in a cluster of n. */
    public int nodeId() {
        return settings.nodeId();
    }

    public boolean isRunning() {
        return server != null;
    }

    /**
     * Creates the topic with the broker's default replication (one replica on a single broker) unless it already
     * exists, and waits until every partition has a leader, so producers do not race the metadata propagation.
     */
    public void createTopic(String name, int partitions) {
        requireRunning();
        createTopic(bootstrapServers(), name, partitions);
    }

    /** Creates a topic with the cluster's default replication and min ISR unless it exists; waits for leaders. */
    static void createTopic(String bootstrapServers, String name, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            try {
                admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                }
            }
            awaitLeaders(admin, name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    /**
     * Stops the broker cleanly and releases its ports; {@link #startAgain()} brings it back on the same
     * ports with the same data. No-op if it is not running.
     */
    public synchronized void shutdown() {
        KafkaRaftServer running = server;
        if (running == null) {
            return;
        }
        server = null;
        log.info("Stopping Kafka broker at {}", bootstrapServers());
        running.shutdown();
        running.awaitShutdown();
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    /**
     * Starts the broker again after {@link #shutdown()}, on the same ports with the same data, and
     * returns once it answers clients. No-op if it is running.
     *
     * @throws PortInUseException if another process took one of the ports meanwhile
     */
    public synchronized void startAgain() {
        if (closed) {
            throw new IllegalStateException("broker at " + bootstrapServers() + " is closed");
        }
        if (server == null) {
            launch();
        }
    }

    /** Shuts the broker down for good and releases its ports. Safe to call more than once. */
    @Override
    public synchronized void close() {
        closed = true;
        shutdown();
    }

    /** Blocks until the broker has shut down; returns at once if it is not running. */
    void awaitShutdown() {
        KafkaRaftServer running = server;
        if (running != null) {
            running.awaitShutdown();
        }
    }

    private synchronized void launch() {
        requireFree(settings.port(), "Kafka listener");
        requireFree(settings.controllerPort(), "Kafka controller listener");
        Properties properties = settings.serverProperties();
        writePropertiesFile(properties);
        formatStorageIfNew();

        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            stopQuietly(starting);
            BindException bindFailure = findCause(e, BindException.class);
            if (bindFailure != null) {
                // Lost the race between our port check and Kafka's bind.
                throw new PortInUseException(settings.port(), "Kafka listener or controller listener");
            }
            throw new IllegalStateException("Kafka broker failed to start in " + settings.dataDir(), e);
        }
        server = starting;
        try {
            awaitReady();
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        log.info("Kafka broker ready at {} (data in {})", bootstrapServers(), settings.dataDir());
    }

    private static void requireFree(int port, String listener) {
        if (!LoopbackPorts.isFree(port)) {
            throw new PortInUseException(port, listener);
        }
    }

    private void writePropertiesFile(Properties properties) {
        // Written on every start so the file always shows the effective settings, and because the
        // storage tool reads its configuration from a file.
        try {
            Files.createDirectories(settings.dataDir());
            try (OutputStream out = Files.newOutputStream(settings.propertiesFile())) {
                properties.store(out, "Written by " + LocalKafkaBroker.class.getName() + " on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.propertiesFile(), e);
        }
    }

    private void formatStorageIfNew() {
        if (Files.exists(settings.logDir().resolve("meta.properties"))) {
            return;
        }
        // The nodes of a cluster must share one id; a single node needs none but its own.
        String clusterId = settings.clustered()
                ? ClusterId.readOrCreate(settings.clusterIdFile())
                : Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", settings.propertiesFile().toString()},
                    printStream);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot format Kafka storage in " + settings.logDir() + ": " + e.getMessage(), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("cannot format Kafka storage in " + settings.logDir() + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
        log.info("Formatted Kafka storage in {} for cluster {}", settings.logDir(), clusterId);
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        RuntimeException lastFailure = null;
        try (Admin admin = admin(bootstrapServers())) {
            while (Instant.now().isBefore(deadline)) {
                try {
                    // Only unfenced brokers are listed, so this node, once listed, can take produce requests.
                    if (admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000))
                            .nodes().get(10, TimeUnit.SECONDS).stream().anyMatch(node -> node.id() == nodeId())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = new IllegalStateException(e.getMessage(), e);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
        throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " did not become ready within "
                + READY_TIMEOUT.toSeconds() + " s", lastFailure);
    }

    private static void awaitLeaders(Admin admin, String topic) throws InterruptedException {
        Instant deadline = Instant.now().plus(TOPIC_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
                List<TopicPartitionInfo> partitions = descriptions.get(topic).partitions();
                if (partitions.stream().allMatch(partition -> partition.leader() != null
                        && !partition.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                // Metadata not propagated yet (UnknownTopicOrPartition); retry until the deadline.
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("topic " + topic + " has no leader for every partition after "
                + TOPIC_TIMEOUT.toSeconds() + " s");
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
    }

    private void requireRunning() {
        if (server == null) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " is not running");
        }
    }

    private static void stopQuietly(KafkaRaftServer failed) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException e) {
            log.debug("Ignoring failure while stopping a broker that failed to start", e);
        }
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
