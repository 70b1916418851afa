package org.carbonregistry.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.kafka.local.TestClients.consume;
import static org.carbonregistry.kafka.local.TestClients.values;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerTest {

    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.start(dataDir, 0, 0);
    }

    @AfterAll
    static void closeTwiceReleasesThePorts() {
        broker.close();
        broker.close();
        assertThat(broker.isRunning()).isFalse();
        assertThat(LoopbackPorts.isFree(broker.port())).isTrue();
        assertThat(LoopbackPorts.isFree(broker.controllerPort())).isTrue();
    }

    @Test
    void ephemeralPortsAreDistinctAndAdvertisedOnLoopback() {
        assertThat(broker.port()).isPositive().isNotEqualTo(broker.controllerPort());
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
    }

    @Test
    void recordsFromAnIdempotentAcksAllProducerAreConsumedBackInOrderPerKey() throws Exception {
        broker.createTopic("idempotent", 3);
        try (KafkaProducer<String, String> producer = TestClients.idempotentProducer(broker.bootstrapServers())) {
            for (int i = 0; i < 30; i++) {
                String key = "batch-" + (i % 3);
                producer.send(new ProducerRecord<>("idempotent", key, key + ":" + i)).get();
            }
        }

        List<ConsumerRecord<String, String>> records =
                consume(broker.bootstrapServers(), "idempotent", "read_uncommitted", 30, CONSUME_TIMEOUT);

        assertThat(records).hasSize(30);
        Map<String, List<String>> valuesByKey = records.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
        assertThat(valuesByKey.get("batch-1")).containsExactlyElementsOf(
                IntStream.range(0, 30).filter(i -> i % 3 == 1).mapToObj(i -> "batch-1:" + i).toList());
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .as("three keys spread over more than one of the three partitions")
                .hasSizeGreaterThan(1);
    }

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsButNotAbortedOnes() throws Exception {
        broker.createTopic("transactional", 1);
        try (KafkaProducer<String, String> producer =
                     TestClients.transactionalProducer(broker.bootstrapServers(), "test-transactions")) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "aborted")).get();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed-1"));
            producer.send(new ProducerRecord<>("transactional", "k", "committed-2"));
            producer.commitTransaction();
        }

        List<ConsumerRecord<String, String>> committed =
                consume(broker.bootstrapServers(), "transactional", "read_committed", 2, CONSUME_TIMEOUT);
        List<ConsumerRecord<String, String>> everything =
                consume(broker.bootstrapServers(), "transactional", "read_uncommitted", 3, CONSUME_TIMEOUT);

        assertThat(values(committed)).containsExactly("committed-1", "committed-2");
        assertThat(values(everything)).containsExactly("aborted", "committed-1", "committed-2");
    }

    @Test
    void topicsAreCreatedAutomaticallyWithThreePartitions() throws Exception {
        TestClients.sendAndWait(broker.bootstrapServers(), "auto-created", List.of("first"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            assertThat(admin.describeTopics(List.of("auto-created")).allTopicNames().get()
                    .get("auto-created").partitions()).hasSize(3);
        }
    }

    @Test
    void aSecondBrokerOnTheSamePortIsRefused(@TempDir Path otherDataDir) {
        assertThatThrownBy(() -> LocalKafkaBroker.start(otherDataDir, broker.port(), 0))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("127.0.0.1:" + broker.port())
                .hasMessageContaining("already in use")
                .extracting(failure -> ((PortInUseException) failure).port())
                .isEqualTo(broker.port());
    }

    @Test
    void aSecondBrokerOnTheSameControllerPortIsRefused(@TempDir Path otherDataDir) {
        assertThatThrownBy(() -> LocalKafkaBroker.start(otherDataDir, 0, broker.controllerPort()))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("127.0.0.1:" + broker.controllerPort());
    }

    @Test
    void topicsAndRecordsSurviveShutdownAndStartAgainOnTheSamePort() throws Exception {
        broker.createTopic("durable", 2);
        TestClients.sendAndWait(broker.bootstrapServers(), "durable", List.of("before-1", "before-2"));

        broker.shutdown();

        assertThat(broker.isRunning()).isFalse();
        assertThat(acceptsConnections(broker.port())).as("listener closed while down").isFalse();
        assertThatThrownBy(() -> broker.createTopic("while-down", 1)).isInstanceOf(IllegalStateException.class);

        broker.startAgain();

        assertThat(broker.isRunning()).isTrue();
        TestClients.sendAndWait(broker.bootstrapServers(), "durable", List.of("after"));
        List<ConsumerRecord<String, String>> records =
                consume(broker.bootstrapServers(), "durable", "read_uncommitted", 3, CONSUME_TIMEOUT);
        assertThat(values(records)).containsExactlyInAnyOrder("before-1", "before-2", "after");
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .isSubsetOf(Set.of(0, 1));
    }

    private static boolean acceptsConnections(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
