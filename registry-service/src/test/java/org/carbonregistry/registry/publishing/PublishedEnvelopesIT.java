package org.carbonregistry.registry.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.CanonicalJson;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.carbonregistry.registry.eventstore.LingeringEventSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** What leaves the registry on {@code registry.events}, read back by a plain Kafka consumer. */
class PublishedEnvelopesIT extends RunningRegistry {

    /** What one accepted command should have published. */
    record Expected(String aggregateId, String type, String actor, String eventId) {
    }

    @Autowired
    EventProcessingConfiguration processing;

    /**
     * And with the batch size registered for it: a processor also named in application.yml would get that file's
     * settings instead (a batch of one event), and did, for personal data and webhooks. Axon does not expose a
     * processor's batch size, hence the field.
     */
    @Test
    void everyTrackingProcessorReadsTheEventStoreThroughTheLingerInBatches() {
        Map<String, Integer> batchSizes = Map.of(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, 200,
                "personal-data-publisher", 200, "webhooks", 100);
        batchSizes.forEach((name, batchSize) ->
                assertThat(processing.eventProcessor(name, TrackingEventProcessor.class))
                        .as(name).hasValueSatisfying(processor -> {
                            assertThat(processor.getMessageSource()).isInstanceOf(LingeringEventSource.class);
                            assertThat(processor).extracting("batchSize").as(name).isEqualTo(batchSize);
                        }));
    }

    @Test
    void everyAcceptedCommandPublishesOneCanonicalEnvelopeInAggregateOrder() {
        String registry = api.postRaw("/api/auth/introspect", SERVICE_KEY, "application/x-www-form-urlencoded",
                "token=" + ADMIN_KEY).body().path("accountId").asText();
        RegistryScene scene = newScene(100);
        List<Expected> expected = new ArrayList<>();
        expected.add(new Expected(scene.developer(), "AccountOpened", registry, null));
        expected.add(new Expected(scene.corporate(), "AccountOpened", registry, null));
        expected.add(new Expected(scene.auditor(), "AccountOpened", registry, null));
        expected.add(new Expected(scene.project(), "ProjectRegistered", registry, null));
        expected.add(new Expected(scene.batch(), "CreditsIssued", registry, scene.issuance().path("eventId").asText()));
        Api.Response second = api.issue(ADMIN_KEY, scene.project(), 20, scene.developer());
        Api.require(second, 201);
        String other = second.body().path("batchId").asText();
        expected.add(new Expected(other, "CreditsIssued", registry, second.body().path("eventId").asText()));

        // Commands on the two batches interleave; refusals in between must publish nothing.
        expected.add(accepted(scene.batch(), "CreditsTransferred", scene.developer(),
                scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 40)));
        expected.add(accepted(other, "CreditsRetired", scene.developer(),
                api.post("/api/batches/" + other + "/retirements", scene.developerKey(),
                        RegistryScene.retirement(scene.developer(), 5))));
        Api.Response retirement = scene.retire(scene.corporateKey(), scene.corporate(), 10);
        expected.add(accepted(scene.batch(), "CreditsRetired", scene.corporate(), retirement));
        assertProblem(scene.retire(scene.corporateKey(), scene.corporate(), 31), 422);
        expected.add(accepted(scene.batch(), "BatchFrozen", registry, scene.freeze(ADMIN_KEY)));
        assertProblem(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1), 409);
        expected.add(accepted(other, "CreditsCancelled", registry,
                api.post("/api/batches/" + other + "/cancellations", ADMIN_KEY,
                        RegistryScene.body("account", scene.developer(), "quantity", 2, "reason", "double counted"))));
        expected.add(accepted(scene.batch(), "BatchUnfrozen", registry, scene.unfreeze(ADMIN_KEY)));
        expected.add(accepted(scene.batch(), "AuthorizationChanged", registry,
                api.post(scene.batchPath() + "/article6/authorization", ADMIN_KEY,
                        RegistryScene.body("authorization", "AUTHORIZED_OIMP", "authorizationId", "LoA-3"))));
        expected.add(accepted(scene.batch(), "CorrespondingAdjustmentApplied", registry,
                api.post(scene.batchPath() + "/article6/corresponding-adjustment", ADMIN_KEY,
                        RegistryScene.body("status", "APPLIED", "reference", "BR report 2026"))));
        assertProblem(scene.transfer(scene.corporateKey(), scene.developer(), scene.corporate(), 1), 403);
        expected.add(accepted(scene.batch(), "CreditsCancelled", scene.corporate(),
                scene.cancel(scene.corporateKey(), scene.corporate(), 3)));
        Api.Response invalidation = scene.invalidate(ADMIN_KEY);
        expected.add(accepted(scene.batch(), "BatchInvalidated", registry, invalidation));
        assertProblem(scene.invalidate(ADMIN_KEY), 409);

        Set<String> aggregates = expected.stream().map(Expected::aggregateId).collect(Collectors.toSet());
        Map<String, Long> perAggregate = expected.stream()
                .collect(Collectors.groupingBy(Expected::aggregateId, Collectors.counting()));
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), aggregates,
                read -> read.size() >= expected.size(), Duration.ofSeconds(60));

        assertThat(published).as("records of this test's aggregates").hasSize(expected.size());
        Map<String, List<EventEnvelope>> byAggregate = new LinkedHashMap<>();
        for (Published record : published) {
            byte[] value = record.value();
            assertThat(CanonicalJson.isCanonical(value)).as("canonical: %s", text(value)).isTrue();
            EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(value);
            assertThat(envelope.canonicalBytes()).as("re-encoded envelope").isEqualTo(value);
            assertThat(record.record().key()).isEqualTo(envelope.aggregateId());
            assertThat(record.header("type")).isEqualTo(envelope.type());
            assertThat(record.header("eventId")).isEqualTo(envelope.eventId().toString());
            assertThat(record.json().path("occurredAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
            assertThat(envelope.occurredAt()).isEqualTo(envelope.occurredAt().truncatedTo(ChronoUnit.MILLIS))
                    .isBetween(Instant.now().minus(Duration.ofMinutes(10)), Instant.now());
            assertThat(envelope.payload().path("eventId").asText()).isEqualTo(envelope.eventId().toString());
            assertThat(text(value)).doesNotContain(ADMIN_KEY, scene.developerKey(), scene.corporateKey());
            byAggregate.computeIfAbsent(envelope.aggregateId(), id -> new ArrayList<>()).add(envelope);
        }

        for (Map.Entry<String, Long> aggregate : perAggregate.entrySet()) {
            List<EventEnvelope> envelopes = byAggregate.getOrDefault(aggregate.getKey(), List.of());
            assertThat(envelopes).extracting(EventEnvelope::sequence).as("sequences of %s", aggregate.getKey())
                    .containsExactlyElementsOf(LongStream.range(0, aggregate.getValue()).boxed().toList());
            List<Expected> wanted = expected.stream().filter(e -> e.aggregateId().equals(aggregate.getKey())).toList();
            assertThat(envelopes).extracting(EventEnvelope::type)
                    .containsExactlyElementsOf(wanted.stream().map(Expected::type).toList());
            assertThat(envelopes).extracting(EventEnvelope::actor)
                    .containsExactlyElementsOf(wanted.stream().map(Expected::actor).toList());
            for (int i = 0; i < wanted.size(); i++) {
                if (wanted.get(i).eventId() != null) {
                    assertThat(envelopes.get(i).eventId()).isEqualTo(UUID.fromString(wanted.get(i).eventId()));
                }
            }
        }

        EventEnvelope retired = byAggregate.get(scene.batch()).get(2);
        JsonNode payload = retired.payload();
        assertThat(payload.path("retirementId").asText()).isEqualTo(retirement.body().path("retirementId").asText());
        assertThat(payload.path("account").asText()).isEqualTo(scene.corporate());
        assertThat(payload.path("quantity").asLong()).isEqualTo(10);
        assertThat(payload.has("beneficiary")).as("personal data on the immutable log").isFalse();
        assertThat(payload.path("beneficiaryCommitment").asText()).hasSize(44);
        assertThat(text(retired.canonicalBytes())).doesNotContain("ACME Corp", "2024 voluntary claim");
        assertThat(payload.path("reportingYear").asInt()).isEqualTo(2024);
        assertThat(payload.path("jurisdiction").asText()).isEqualTo("DE");
        assertThat(payload.at("/serialBlocks/0/first").asLong())
                .isEqualTo(retirement.body().at("/serialBlocks/0/first").asLong());
        assertThat(payload.at("/serialBlocks/0/last").asLong())
                .isEqualTo(retirement.body().at("/serialBlocks/0/last").asLong());

        EventEnvelope invalidated = byAggregate.get(scene.batch()).get(byAggregate.get(scene.batch()).size() - 1);
        assertThat(invalidated.payload().path("reason").asText()).isEqualTo("project verification withdrawn");
        assertThat(invalidated.payload().path("quantity").asLong()).as("held when invalidated: 100 - 10 retired - 3 cancelled")
                .isEqualTo(87);
        assertThat(invalidated.payload().path("cancelled")).extracting(h -> h.path("account").asText())
                .containsExactlyElementsOf(java.util.stream.Stream.of(scene.corporate(), scene.developer()).sorted().toList());
        for (JsonNode holding : invalidated.payload().path("cancelled")) {
            long inBlocks = 0;
            for (JsonNode block : holding.path("serialBlocks")) {
                inBlocks += block.path("last").asLong() - block.path("first").asLong() + 1;
            }
            assertThat(inBlocks).as("serials cancelled from %s", holding.path("account")).isEqualTo(holding.path("quantity").asLong());
        }
    }

    private static Expected accepted(String aggregateId, String type, String actor, Api.Response response) {
        Api.require(response, 201);
        return new Expected(aggregateId, type, actor, response.body().path("eventId").asText());
    }

    private static String text(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
