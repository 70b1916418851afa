package org.carbonregistry.registry.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.PersonalDataTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * A retirement's beneficiary and purpose, from the request to their erasure: on the compacted topic and in the
 * registry's answers while they exist; afterwards in no answer, no table row and, once the broker has compacted
 * the topic, no record of {@code registry.personal-data}. The log keeps only the commitments throughout.
 */
class PersonalDataErasureIT extends RunningRegistry {

    @Autowired
    DataSource dataSource;

    @Test
    void erasedTextLeavesEveryAnswerEveryTableAndTheCompactedTopic() throws Exception {
        RegistryScene scene = newScene(100);
        String beneficiary = "Erasable Person " + UUID.randomUUID();
        String purpose = "Private purpose " + UUID.randomUUID();
        String idempotencyKey = "retire-" + UUID.randomUUID();
        Map<String, Object> request = body("account", scene.developer(), "quantity", 7, "beneficiary", beneficiary,
                "purpose", purpose, "reportingYear", 2024);
        Api.Response retired = api.post(scene.batchPath() + "/retirements", scene.developerKey(), request, idempotencyKey);
        Api.require(retired, 201);
        String retirementId = retired.body().path("retirementId").asText();
        assertThat(retired.body().path("beneficiary").asText()).isEqualTo(beneficiary);
        assertThat(retired.body().path("erased").asBoolean()).isFalse();

        // Before: the text on the topic, opening the commitments the public record and the log carry.
        JsonNode shown = api.get(retirementPath(scene, retirementId), null).body();
        assertThat(shown.path("beneficiary").asText()).isEqualTo(beneficiary);
        assertThat(shown.path("purpose").asText()).isEqualTo(purpose);
        assertThat(shown.path("erased").asBoolean()).isFalse();
        RetirementPersonalData onTopic = RetirementPersonalData.fromJson(
                await().atMost(Duration.ofSeconds(60)).until(() -> PersonalDataTopic.latestValue(retirementId), v -> v != null && v.length > 0));
        assertThat(onTopic.beneficiary()).isEqualTo(beneficiary);
        assertThat(onTopic.purpose()).isEqualTo(purpose);
        assertThat(Commitment.opens(shown.path("beneficiaryCommitment").asText(), beneficiary, onTopic.beneficiarySalt())).isTrue();
        assertThat(Commitment.opens(shown.path("purposeCommitment").asText(), purpose, onTopic.purposeSalt())).isTrue();

        // The searches below can find the text: before erasure, in exactly the one table made for it, and on the topic.
        assertThat(rowsContaining(beneficiary)).containsExactly("retirement_personal_data.beneficiary");
        assertThat(personalDataHashOfRequestAnswering(retirementId)).as("the idempotent request's personal data hash")
                .hasSize(64);
        assertThat(PersonalDataTopic.valuesContaining(beneficiary)).isNotEmpty();

        // Who may erase, and what is refused.
        String erasure = "/api/retirements/" + retirementId + "/erasure";
        assertProblem(api.post(erasure, null, null), 401);
        assertProblem(api.post(erasure, scene.developerKey(), null), 403, "administrator");
        assertProblem(api.post(erasure, scene.auditorKey(), null), 403, "administrator");
        String unknown = UUID.randomUUID().toString();
        assertProblem(api.post("/api/retirements/" + unknown + "/erasure", ADMIN_KEY, null), 404, unknown);

        Api.Response erased = api.post(erasure, ADMIN_KEY, null);
        Api.require(erased, 202);
        assertThat(erased.body().path("retirementId").asText()).isEqualTo(retirementId);
        String erasedAt = erased.body().path("erasedAt").asText();
        Api.Response again = api.post(erasure, ADMIN_KEY, null);
        Api.require(again, 202);
        assertThat(again.body().path("erasedAt").asText()).as("a repeated erasure answers with the first").isEqualTo(erasedAt);

        // After: every answer about the retirement, the idempotent replay included.
        for (JsonNode answer : List.of(api.get(retirementPath(scene, retirementId), null).body(),
                retirementIn(api.get(scene.batchPath() + "/retirements", null).body(), retirementId),
                replay(scene, request, idempotencyKey))) {
            assertThat(answer.has("beneficiary")).isTrue();
            assertThat(answer.path("beneficiary").isNull()).as("beneficiary in %s", answer).isTrue();
            assertThat(answer.path("purpose").isNull()).isTrue();
            assertThat(answer.path("erased").asBoolean()).isTrue();
            assertThat(answer.toString()).doesNotContain(beneficiary, purpose);
        }

        // The log: one PersonalDataErased (the second erasure emitted nothing), never the text.
        List<Published> events = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of(scene.batch()),
                read -> read.stream().anyMatch(p -> p.json().path("type").asText().equals("PersonalDataErased")),
                Duration.ofSeconds(60));
        assertThat(events.stream().filter(p -> p.json().path("type").asText().equals("PersonalDataErased")))
                .singleElement().satisfies(p -> assertThat(p.json().at("/payload/retirementId").asText()).isEqualTo(retirementId));
        assertThat(events).allSatisfy(p -> assertThat(new String(p.value(), StandardCharsets.UTF_8))
                .doesNotContain(beneficiary, purpose));

        // The compacted topic: a tombstone follows; once compacted, the text can no longer be read at all.
        await().atMost(Duration.ofSeconds(60)).until(() -> PersonalDataTopic.latestValue(retirementId), v -> v != null && v.length == 0);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                // Records after the tombstone roll its partition's segment (segment.ms is small), so it can be cleaned.
                producer.send(new ProducerRecord<>(RetirementPersonalData.TOPIC, PersonalDataTopic.partitionOf(retirementId),
                        "filler-" + UUID.randomUUID(), null)).get();
                return PersonalDataTopic.valuesContaining(beneficiary).isEmpty();
            });
        }

        assertThat(rowsContaining(beneficiary)).as("table rows that still hold the beneficiary").isEmpty();
        // a hash of a name can be tested against guesses: the request's is gone, and the replay above still worked
        assertThat(personalDataHashOfRequestAnswering(retirementId)).as("the idempotent request's personal data hash").isNull();
        assertThat(rowsContaining(purpose)).as("table rows that still hold the purpose").isEmpty();
    }

    private static String retirementPath(RegistryScene scene, String retirementId) {
        return scene.batchPath() + "/retirements/" + retirementId;
    }

    private static JsonNode retirementIn(JsonNode list, String retirementId) {
        for (JsonNode retirement : list) {
            if (retirement.path("retirementId").asText().equals(retirementId)) {
                return retirement;
            }
        }
        throw new AssertionError("retirement " + retirementId + " not listed: " + list);
    }

    private JsonNode replay(RegistryScene scene, Map<String, Object> request, String idempotencyKey) {
        Api.Response replayed = api.post(scene.batchPath() + "/retirements", scene.developerKey(), request, idempotencyKey);
        Api.require(replayed, 201);
        assertThat(replayed.headers().get("idempotent-replayed")).isEqualTo("true");
        return replayed.body();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Every cell of every table of the registry's schema, text and binary, searched for {@code text}. */
    private String personalDataHashOfRequestAnswering(String retirementId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement("select personal_data_hash from idempotency_record where result like ?")) {
            query.setString(1, "%\"" + retirementId + "\"%");
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as("an idempotency record answering " + retirementId).isTrue();
                return rows.getString(1);
            }
        }
    }

    private List<String> rowsContaining(String text) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables of the registry").isNotEmpty();
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("select * from " + table)) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        for (int column = 1; column <= columns; column++) {
                            String cell = asText(rows.getObject(column));
                            if (cell != null && cell.contains(text)) {
                                found.add((table + "." + rows.getMetaData().getColumnName(column)).toLowerCase(java.util.Locale.ROOT));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static String asText(Object cell) throws Exception {
        if (cell instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (cell instanceof Blob blob) {
            return new String(blob.getBytes(1, (int) blob.length()), StandardCharsets.UTF_8);
        }
        if (cell instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return cell == null ? null : cell.toString();
    }
}
