package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deleted records the ledger had not read yet (here: with {@code AdminClient.deleteRecords} while the ledger
 * was down). The ledger must not skip them silently: that partition stops, readiness goes DOWN naming topic, partition,
 * expected and earliest offset, and nothing of it is appended, while the other partition goes on.
 */
@ExtendWith(SharedKafka.Extension.class)
class RetentionStopIT {

    @TempDir
    Path directory;

    @Test
    void aPartitionWhoseNextOffsetWasDeletedStopsAndReadinessSaysWhichWhileTheOthersGoOn() throws Exception {
        String topic = "registry.events.retention-" + UUID.randomUUID();
        TestDatabase database = TestDatabase.create();
        Path key = directory.resolve("key.pem");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
             EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {

            try (RunningLedger ledger = RunningLedger.start(database, SharedKafka.bootstrapServers(), topic, key, Map.of())) {
                sendTo(producer, 0, 5);
                sendTo(producer, 1, 5);
                await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.treeSize() == 10);
            }

            // While the ledger is down: offsets 5..9 of partition 0 arrive, and retention deletes those below 8.
            sendTo(producer, 0, 5);
            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(8))).all().get();

            try (RunningLedger ledger = RunningLedger.start(database, SharedKafka.bootstrapServers(), topic, key, Map.of())) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    JsonNode readiness = ledger.auditor.get("/actuator/health/readiness").json();
                    assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
                    JsonNode details = readiness.path("components").path("sequencer").path("details");
                    JsonNode stopped = details.path("stoppedPartitions");
                    assertThat(stopped).hasSize(1);
                    assertThat(stopped.get(0).path("topic").asText()).isEqualTo(topic);
                    assertThat(stopped.get(0).path("partition").asInt()).isZero();
                    assertThat(stopped.get(0).path("expectedOffset").asLong()).isEqualTo(5);
                    assertThat(stopped.get(0).path("earliestOffset").asLong()).isEqualTo(8);
                    assertThat(details.path("reason").asText()).contains("partition " + topic + "-0",
                            "the next offset to read, 5, was deleted by retention (earliest available offset 8)");
                });
                assertThat(ledger.auditor.get("/actuator/prometheus").body()).contains("ledger_partitions_stopped 1.0");

                sendTo(producer, 1, 3);
                await().atMost(Duration.ofSeconds(30)).until(() -> ledger.http.treeSize() == 13);
                Thread.sleep(1_000); // time enough to append partition 0's offsets 8 and 9, if it ever would
                assertThat(ledger.http.treeSize()).as("nothing appended from the stopped partition").isEqualTo(13);
                assertThat(ledger.http.get("/actuator/health/readiness").json().path("status").asText()).isEqualTo("DOWN");
            }
        }
    }

    private static void sendTo(EventProducer producer, int partition, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Future<RecordMetadata> sent = producer.send(partition, "aggregate-" + partition, Envelopes.accountOpened(i));
            assertThat(sent.get().partition()).isEqualTo(partition);
        }
    }
}
