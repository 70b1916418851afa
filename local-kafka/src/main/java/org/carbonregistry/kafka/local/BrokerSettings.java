package org.carbonregistry.kafka.local;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One KRaft node (combined broker and controller) of a local cluster: where it keeps its data, which loopback
 * ports it and its peers listen on, and the server properties that follow from that.
 *
 * <p>A cluster of one keeps its log directly in {@code clusterDir} (the layout single-broker data directories
 * always had); in a larger cluster node {@code n} keeps it in {@code clusterDir/broker-n}, and the nodes share
 * the cluster id in {@code clusterDir/cluster.id}.
 *
 * @param clusterDir the directory of the whole cluster
 * @param nodeId     this node's id, 1 to the number of nodes
 * @param nodes      every node of the cluster, in node id order; all of them are controller quorum voters
 */
record BrokerSettings(Path clusterDir, int nodeId, List<NodePorts> nodes) {

    static final String HOST = "127.0.0.1";
    static final int DEFAULT_PARTITIONS = 3;
    /** From three nodes on, records are kept on three of them and acknowledged by two (acks=all). */
    static final int CLUSTER_REPLICATION = 3;
    static final int CLUSTER_MIN_INSYNC_REPLICAS = 2;

    /*
     * Fixed once the internal topics exist (group and transaction ids hash onto these partitions),
     * so they must never change for an existing data directory. Fewer than Kafka's default of 50
     * keeps the first consumer group and first transaction quick on a small machine.
     */
    static final int OFFSETS_TOPIC_PARTITIONS = 5;
    static final int TRANSACTION_STATE_PARTITIONS = 5;

    /** The client and controller ports of one node. */
    record NodePorts(int port, int controllerPort) {

        String bootstrapServer() {
            return HOST + ":" + port;
        }
    }

    BrokerSettings {
        clusterDir = clusterDir.toAbsolutePath().normalize();
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || nodeId < 1 || nodeId > nodes.size()) {
            throw new IllegalArgumentException("node id " + nodeId + " is not one of 1.." + nodes.size());
        }
        Set<Integer> seen = new HashSet<>();
        for (NodePorts node : nodes) {
            if (node.port() <= 0 || node.controllerPort() <= 0
                    || !seen.add(node.port()) || !seen.add(node.controllerPort())) {
                throw new IllegalArgumentException("every node needs two positive ports distinct from all others, got "
                        + nodes.stream().map(n -> n.port() + "/" + n.controllerPort()).collect(Collectors.joining(", ")));
            }
        }
    }

    /** A single-node cluster: the broker as it always was. */
    BrokerSettings(Path dataDir, int port, int controllerPort) {
        this(dataDir, 1, List.of(new NodePorts(port, controllerPort)));
    }

    /**
     * The ports of a cluster of {@code size} nodes on consecutive pairs from the given bases: node n listens on
     * {@code port + 2(n-1)} and {@code controllerPort + 2(n-1)}, so with the defaults 9092/9093 a cluster of
     * three takes 9092-9097.
     */
    static List<NodePorts> portsFrom(int port, int controllerPort, int size) {
        return IntStream.range(0, size)
                .mapToObj(i -> new NodePorts(port + 2 * i, controllerPort + 2 * i))
                .toList();
    }

    int port() {
        return self().port();
    }

    int controllerPort() {
        return self().controllerPort();
    }

    boolean clustered() {
        return nodes.size() > 1;
    }

    Path dataDir() {
        return clustered() ? clusterDir.resolve("broker-" + nodeId) : clusterDir;
    }

    Path logDir() {
        return dataDir().resolve("kraft-log");
    }

    Path propertiesFile() {
        return dataDir().resolve("server.properties");
    }

    /** Shared by the nodes of a cluster; a single node formats with a fresh random id instead. */
    Path clusterIdFile() {
        return clusterDir.resolve("cluster.id");
    }

    /** This node's own listener. */
    String bootstrapServers() {
        return self().bootstrapServer();
    }

    /** Every node's listener, comma separated: what clients of the cluster are given. */
    String clusterBootstrapServers() {
        return nodes.stream().map(NodePorts::bootstrapServer).collect(Collectors.joining(","));
    }

    private NodePorts self() {
        return nodes.get(nodeId - 1);
    }

    Properties serverProperties() {
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", String.valueOf(nodeId));
        String voters = IntStream.rangeClosed(1, nodes.size())
                .mapToObj(id -> id + "@" + HOST + ":" + nodes.get(id - 1).controllerPort())
                .collect(Collectors.joining(","));
        props.setProperty("controller.quorum.voters", voters);
        props.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port() + ",CONTROLLER://" + HOST + ":" + controllerPort());
        props.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port());
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("log.dirs", logDir().toString());

        // One node: every topic has a single replica, which is also the whole ISR. Three or more: three
        // replicas, two of which must have a record before acks=all answers, so one node may be down.
        int replication = Math.min(CLUSTER_REPLICATION, nodes.size());
        String minInsync = String.valueOf(replication >= CLUSTER_REPLICATION ? CLUSTER_MIN_INSYNC_REPLICAS : 1);
        props.setProperty("offsets.topic.replication.factor", String.valueOf(replication));
        props.setProperty("offsets.topic.num.partitions", String.valueOf(OFFSETS_TOPIC_PARTITIONS));
        props.setProperty("transaction.state.log.replication.factor", String.valueOf(replication));
        props.setProperty("transaction.state.log.min.isr", minInsync);
        props.setProperty("transaction.state.log.num.partitions", String.valueOf(TRANSACTION_STATE_PARTITIONS));
        props.setProperty("default.replication.factor", String.valueOf(replication));
        props.setProperty("min.insync.replicas", minInsync);
        props.setProperty("unclean.leader.election.enable", "false");

        props.setProperty("auto.create.topics.enable", "true");
        props.setProperty("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        props.setProperty("group.initial.rebalance.delay.ms", "0");

        // Sized for a developer machine or a test JVM rather than a production host: the cleaner's
        // dedupe buffer alone defaults to 128 MiB of heap.
        props.setProperty("num.network.threads", "2");
        props.setProperty("num.io.threads", "2");
        props.setProperty("background.threads", "2");
        props.setProperty("num.recovery.threads.per.data.dir", "1");
        props.setProperty("num.replica.fetchers", "1");
        props.setProperty("log.cleaner.threads", "1");
        props.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // An erased retirement's text leaves the compacted topic within seconds rather than the default 15 s
        // sleep between cleaner passes; a pass over a log with nothing dirty costs next to nothing.
        props.setProperty("log.cleaner.backoff.ms", "1000");
        return props;
    }
}
