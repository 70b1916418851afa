package org.carbonregistry.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.carbonregistry.kafka.local.LocalKafkaBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The broker the registry publishes to: {@code KAFKA_BOOTSTRAP_SERVERS}, or a real broker in this JVM. */
final class BenchKafka implements AutoCloseable {

    private static final int PARTITIONS = 4;

    private final String bootstrapServers;
    private final LocalKafkaBroker broker;
    private final Path dataDir;

    private BenchKafka(String bootstrapServers, LocalKafkaBroker broker, Path dataDir) {
        this.bootstrapServers = bootstrapServers;
        this.broker = broker;
        this.dataDir = dataDir;
    }

    static BenchKafka fromEnvironment() throws IOException {
        String servers = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (servers != null && !servers.isBlank()) {
            return new BenchKafka(servers, null, null);
        }
        Path dir = Files.createTempDirectory("registry-bench-kafka-");
        LocalKafkaBroker broker = LocalKafkaBroker.start(dir, 0, 0);
        return new BenchKafka(broker.bootstrapServers(), broker, dir);
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String label() {
        return broker == null ? "external " + bootstrapServers : "in-process KRaft broker " + bootstrapServers;
    }

    void createTopic(String topic) throws InterruptedException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic " + topic + " not created within 30 s", e);
        }
    }

    /** Records in the topic: the sum of the partitions' end offsets. */
    long records(String topic) throws InterruptedException {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = java.util.stream.IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.close();
            TempFiles.deleteRecursively(dataDir);
        }
    }
}
