package org.carbonregistry.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real KRaft nodes in this JVM: a topic with three replicas and min ISR 2 keeps taking acks=all writes and
 * serving reads while one node is down, and loses nothing when that node comes back.
 */
// No database: CI's PostgreSQL pass leaves it out (tag "no-database").
@Tag("no-database")
class LocalKafkaClusterIT {

    private static final String TOPIC = "retirements";
    private static final int PER_ROUND = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static LocalKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = LocalKafkaCluster.start(dataDir, 3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            for (int node = 1; node <= 3; node++) {
                assertThat(LoopbackPorts.isFree(cluster.broker(node).port())).as("node %d released its port", node).isTrue();
            }
        }
    }

    @Test
    void everyNodeHasItsOwnDataDirectoryAndClientsGetAllThree() {
        assertThat(cluster.bootstrapServers().split(",")).hasSize(3).allMatch(server -> server.startsWith("127.0.0.1:"));
        for (int node = 1; node <= 3; node++) {
            assertThat(cluster.broker(node).nodeId()).isEqualTo(node);
            assertThat(cluster.broker(node).dataDir()).isEqualTo(dataDir.toAbsolutePath().resolve("broker-" + node));
            assertThat(cluster.broker(node).dataDir().resolve("kraft-log/meta.properties")).isRegularFile();
        }
    }

    @Test
    void internalTopicsAreReplicatedThreeTimesWithMinIsrTwo() throws Exception {
        // a transaction and a consumer group make Kafka create its transaction state and offsets topics
        try (KafkaProducer<String, String> producer =
                     TestClients.transactionalProducer(cluster.bootstrapServers(), "cluster-internal-topics")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("internal-topics", "k", "v"));
            producer.commitTransaction();
        }
        assertThat(TestClients.consume(cluster.bootstrapServers(), "internal-topics", "read_committed", 1, WAIT))
                .hasSize(1);

        try (Admin admin = admin()) {
            Map<String, TopicDescription> internal =
                    admin.describeTopics(List.of("__consumer_offsets", "__transaction_state")).allTopicNames().get();
            internal.values().forEach(topic -> assertThat(topic.partitions())
                    .as(topic.name()).allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3)));
            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get().values().iterator().next();
            assertThat(broker.get("min.insync.replicas").value()).isEqualTo("2");
            assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            assertThat(broker.get("unclean.leader.election.enable").value()).isEqualTo("false");
        }
    }

    @Test
    void acksAllWritesAndReadsGoOnWhileOneNodeIsDownAndNothingIsLost() throws Exception {
        cluster.createTopic(TOPIC, 3);
        try (Admin admin = admin()) {
            assertThat(describe(admin).partitions()).hasSize(3)
                    .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
            Config topic = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC)))
                    .all().get().values().iterator().next();
            assertThat(topic.get("min.insync.replicas").value()).isEqualTo("2");
        }

        List<String> received = new ArrayList<>();
        try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(cluster.bootstrapServers());
             KafkaConsumer<String, String> consumer = consumer("cluster-reader")) {
            consumer.subscribe(List.of(TOPIC));
            send(producer, "before", PER_ROUND);
            awaitReceived(consumer, received, PER_ROUND);

            // the leader of partition 0 goes, so at least one partition must fail over
            LocalKafkaBroker stopped;
            try (Admin admin = admin()) {
                stopped = cluster.broker(describe(admin).partitions().get(0).leader().id());
            }
            stopped.shutdown();

            send(producer, "while-down", PER_ROUND);
            awaitReceived(consumer, received, 2 * PER_ROUND);
            try (Admin admin = admin()) {
                assertThat(describe(admin).partitions()).allSatisfy(partition -> {
                    assertThat(partition.leader().id()).isNotEqualTo(stopped.nodeId());
                    assertThat(partition.isr()).hasSize(2);
                });
            }

            stopped.startAgain();
            send(producer, "after", PER_ROUND);
            awaitReceived(consumer, received, 3 * PER_ROUND);
        }

        try (Admin admin = admin()) {
            await("the restarted node back in every partition's ISR").atMost(WAIT).untilAsserted(() ->
                    assertThat(describe(admin).partitions()).allSatisfy(partition ->
                            assertThat(partition.isr()).hasSize(3)));
        }
        List<String> expected = new ArrayList<>();
        for (String round : List.of("before", "while-down", "after")) {
            IntStream.range(0, PER_ROUND).forEach(i -> expected.add(round + "-" + i));
        }
        assertThat(received).as("the group read each record once across the failover")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(TestClients.values(TestClients.consume(
                cluster.bootstrapServers(), TOPIC, "read_committed", expected.size(), WAIT)))
                .as("the whole topic read again from the start: no record lost, none doubled")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void send(KafkaProducer<String, String> producer, String round, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            String value = round + "-" + i;
            producer.send(new ProducerRecord<>(TOPIC, "batch-" + (i % 7), value)).get();
        }
    }

    private static void awaitReceived(KafkaConsumer<String, String> consumer, Collection<String> received, int total) {
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                received.add(record.value());
            }
            consumer.commitSync();
            return received.size() >= total;
        });
    }

    private static TopicDescription describe(Admin admin) {
        // a new topic's metadata reaches every node a moment after creation: ask again until one answers
        TopicDescription description = await().atMost(java.time.Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC), d -> d != null);
        description.partitions().sort((a, b) -> Integer.compare(a.partition(), b.partition()));
        return description;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    private static KafkaConsumer<String, String> consumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(config);
    }
}
