package org.carbonregistry.system.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.carbonregistry.kafka.local.LocalKafkaMain;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A three-node KRaft cluster whose nodes are OS processes, as {@code ./registry up --brokers 3} runs them, so that a
 * test can SIGKILL one node and start it again. Node k listens on {@code base + 2(k-1)}, its controller one above.
 */
public final class KafkaNodes implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private final Path dataDir;
    private final int basePort;
    private final int size;
    private final Process[] nodes;

    private KafkaNodes(Path dataDir, int basePort, int size) {
        this.dataDir = dataDir;
        this.basePort = basePort;
        this.size = size;
        this.nodes = new Process[size + 1];
    }

    /** Starts {@code size} nodes together (a KRaft quorum needs its majority up to elect a controller). */
    public static KafkaNodes start(Path dataDir, int size) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        KafkaNodes cluster = new KafkaNodes(dataDir, freePortRange(2 * size), size);
        try {
            for (int node = 1; node <= size; node++) {
                cluster.launch(node);
            }
            for (int node = 1; node <= size; node++) {
                cluster.awaitReady(node);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return IntStream.rangeClosed(1, size).mapToObj(node -> "127.0.0.1:" + port(node)).collect(Collectors.joining(","));
    }

    /** Creates {@code topic} with three replicas and {@code min.insync.replicas} 2, as the registry asks for. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) size)
                    .configs(Map.of("min.insync.replicas", "2", "retention.ms", "-1")))).all().get();
        }
    }

    /** SIGKILL: the node's process dies with whatever it had not written. */
    public void kill(int node) throws InterruptedException {
        Process process = nodes[node];
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public void restart(int node) throws IOException, InterruptedException {
        kill(node);
        launch(node);
        awaitReady(node);
    }

    public Path log(int node) {
        return dataDir.resolve("kafka-" + node + ".log");
    }

    private int port(int node) {
        return basePort + 2 * (node - 1);
    }

    private void launch(int node) throws IOException {
        // a restarted node's log starts afresh, so the ready line found is the new process's
        Files.deleteIfExists(log(node));
        nodes[node] = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LocalKafkaMain.class.getName(),
                "--data", dataDir.toString(), "--port", String.valueOf(basePort),
                "--controller-port", String.valueOf(basePort + 1), "--brokers", String.valueOf(size),
                "--node", String.valueOf(node)))
                .redirectErrorStream(true)
                .redirectOutput(log(node).toFile())
                .start();
    }

    private void awaitReady(int node) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log(node))
                    && Files.readString(log(node), StandardCharsets.UTF_8).contains(LocalKafkaMain.READY_PREFIX)) {
                return;
            }
            if (!nodes[node].isAlive()) {
                throw new IllegalStateException("Kafka node " + node + " exited with " + nodes[node].exitValue()
                        + "; see " + log(node));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Kafka node " + node + " not ready within " + READY_WITHIN + "; see " + log(node));
    }

    /** The first of {@code count} consecutive free loopback ports. */
    private static int freePortRange(int count) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int port = base; port < base + count; port++) {
                    held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException taken) {
                // try another range
            } finally {
                for (ServerSocket socket : held) {
                    socket.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    /** SIGTERM to all nodes together, so that each still has its controller quorum while it shuts down cleanly. */
    @Override
    public void close() throws InterruptedException {
        for (int node = 1; node <= size; node++) {
            if (nodes[node] != null) {
                nodes[node].destroy();
            }
        }
        for (int node = 1; node <= size; node++) {
            if (nodes[node] != null && !nodes[node].waitFor(60, TimeUnit.SECONDS)) {
                nodes[node].destroyForcibly();
                nodes[node].waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
