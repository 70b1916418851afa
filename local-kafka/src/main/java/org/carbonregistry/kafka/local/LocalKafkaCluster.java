package org.carbonregistry.kafka.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * A real Kafka cluster of several KRaft nodes inside this JVM, each a combined broker and controller with its own
 * data directory ({@code dataDir/broker-n}) and its own loopback ports. Every node is a voter of the controller
 * quorum, so with three nodes any one may be down and the other two still elect a leader, accept writes and serve
 * reads. Topics get three replicas and {@code min.insync.replicas} 2 (also the internal offsets and transaction
 * topics), so a producer with {@code acks=all} loses nothing when one node stops.
 *
 * <p>Nodes are stopped and started one at a time with {@link #broker(int)}: {@code shutdown()} and
 * {@code startAgain()} keep its ports and data.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private final List<LocalKafkaBroker> brokers;
    private final String bootstrapServers;

    private LocalKafkaCluster(List<LocalKafkaBroker> brokers, String bootstrapServers) {
        this.brokers = List.copyOf(brokers);
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts {@code size} nodes on free ephemeral ports and returns once each of them is an unfenced broker.
     * The nodes start together: none of them is ready before a majority of the quorum is up.
     */
    public static LocalKafkaCluster start(Path dataDir, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
        }
        int[] ports = LoopbackPorts.resolve(new int[2 * size]);
        List<BrokerSettings.NodePorts> nodes = IntStream.range(0, size)
                .mapToObj(i -> new BrokerSettings.NodePorts(ports[2 * i], ports[2 * i + 1]))
                .toList();
        List<BrokerSettings> settings = IntStream.rangeClosed(1, size)
                .mapToObj(id -> new BrokerSettings(dataDir, id, nodes))
                .toList();
        ExecutorService starter = Executors.newFixedThreadPool(size);
        List<CompletableFuture<LocalKafkaBroker>> starting = settings.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> LocalKafkaBroker.start(node), starter))
                .toList();
        starter.shutdown();
        List<LocalKafkaBroker> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<LocalKafkaBroker> node : starting) {
            try {
                started.add(node.join());
            } catch (CompletionException e) {
                failure = failure == null ? unwrap(e) : failure;
            }
        }
        if (failure != null) {
            new LocalKafkaCluster(started, "").close();
            throw failure;
        }
        return new LocalKafkaCluster(started, settings.get(0).clusterBootstrapServers());
    }

    /** {@code 127.0.0.1:<port>,...}: every node, so clients find the cluster while any one node is down. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int size() {
        return brokers.size();
    }

    /** Node {@code nodeId}, 1 to {@link #size()}. */
    public LocalKafkaBroker broker(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    /**
     * Creates the topic unless it exists, with min(3, nodes) replicas and, with three, {@code min.insync.replicas}
     * 2 (the brokers' defaults), and waits until every partition has a leader.
     */
    public void createTopic(String name, int partitions) {
        LocalKafkaBroker.createTopic(bootstrapServers, name, partitions);
    }

    /**
     * Stops every node for good. All at once: a node's broker asks the controller quorum to approve its shutdown,
     * and stopped one by one, the last node would wait in vain for a quorum its peers took down with them.
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = brokers.stream()
                .map(broker -> CompletableFuture.runAsync(broker::close))
                .toList();
        RuntimeException failure = null;
        for (CompletableFuture<Void> node : stopping) {
            try {
                node.join();
            } catch (CompletionException e) {
                failure = failure == null ? unwrap(e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException cause ? cause : e;
    }
}
