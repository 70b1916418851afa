package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/**
 * The registry's topics carry its guarantees, and no event larger than {@code REGISTRY_MAX_EVENT_BYTES} (65535 by
 * default) is ever stored. The large events come from an issuance with many 32-character labels: each adds 35
 * bytes to the canonical envelope, and no field limit stops them earlier. The labels must be in the vocabulary;
 * registering 2,000 through the API would take minutes, so they are written into the vocabulary table that
 * {@code LabelRegistered} events feed (this test is about the envelope size, not about registration).
 */
class TopicGuaranteesIT extends RunningRegistry {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    RegistryTopics topics;

    @Test
    void theTopicsAreCreatedWithTheirGuarantees() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(topics::ensured);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()))) {
            var events = new ConfigResource(ConfigResource.Type.TOPIC, RegistryEventsTopic.TOPIC);
            var personalData = new ConfigResource(ConfigResource.Type.TOPIC, RetirementPersonalData.TOPIC);
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(events, personalData)).all().get();
            assertThat(configs.get(events).get("retention.ms").value()).isEqualTo("-1");
            assertThat(Integer.parseInt(configs.get(events).get("max.message.bytes").value())).isGreaterThan(65536);
            assertThat(configs.get(personalData).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(personalData).get("min.cleanable.dirty.ratio").value()).isEqualTo("0.01");
            var description = admin.describeTopics(List.of(RetirementPersonalData.TOPIC)).allTopicNames().get();
            assertThat(description.get(RetirementPersonalData.TOPIC).partitions()).isNotEmpty();
        }
    }

    @Test
    void anEventOver65535BytesIsRefusedAndNothingIsStored() {
        RegistryScene scene = newScene(10);
        long events = storedEvents();
        List<String> batchesBefore = batchesOf(scene.project());

        Api.Response refused = issueWithLabels(scene, 2_000); // about 70 KB
        assertProblem(refused, 422, "bytes", "65535");

        assertThat(storedEvents()).as("events in the event store").isEqualTo(events);
        assertThat(batchesOf(scene.project())).as("batches of the project").isEqualTo(batchesBefore);
    }

    @Test
    void anEventOf60KilobytesIsAcceptedAndPublished() {
        RegistryScene scene = newScene(10);
        Api.Response accepted = issueWithLabels(scene, 1_700); // about 60 KB
        Api.require(accepted, 201);
        String batch = accepted.body().path("batchId").asText();

        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of(batch),
                read -> !read.isEmpty(), Duration.ofSeconds(60));
        assertThat(published).hasSize(1);
        assertThat(published.get(0).value().length).isBetween(59_000, 65_536);
        assertThat(published.get(0).header("registry-signature")).isNotBlank();
        assertThat(api.get("/api/batches/" + batch, null).body().path("labels")).hasSize(1_700);
    }

    private Api.Response issueWithLabels(RegistryScene scene, int labels) {
        List<String> many = IntStream.range(0, labels).mapToObj(i -> String.format("L%05d_%s", i, "X".repeat(25))).toList();
        inVocabulary(many);
        return api.post("/api/batches", ADMIN_KEY, RegistryScene.body("projectId", scene.project(),
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 100,
                "toAccount", scene.developer(), "labels", many, "correspondingAdjustment", false));
    }

    private void inVocabulary(List<String> codes) {
        var known = Set.copyOf(jdbc.queryForList("select code from label_vocabulary where code like 'L0%'", String.class));
        List<Object[]> missing = codes.stream().filter(code -> !known.contains(code))
                .map(code -> new Object[]{code, "size test"}).toList();
        jdbc.batchUpdate("insert into label_vocabulary (code, description, registered_at) values (?, ?, current_timestamp)",
                missing);
    }

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private List<String> batchesOf(String project) {
        Api.Response batches = api.get("/api/batches?projectId=" + project, null);
        Api.require(batches, 200);
        return batches.body().findValuesAsText("batchId");
    }
}
