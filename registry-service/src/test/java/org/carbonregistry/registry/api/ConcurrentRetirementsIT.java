package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** Many holders' requests racing for the same credits: none is retired twice and none more than held. */
class ConcurrentRetirementsIT extends RunningRegistry {

    private static final int HELD = 40;
    private static final int REQUESTS = 50;
    /** A 409 asks the caller to retry; a bounded number of times, so that the test ends. */
    private static final int MAX_TRIES = 20;

    record Outcome(Api.Response response, int tries) {
    }

    @Test
    void fiftyParallelRetirementsOfFortyHeldCreditsRetireExactlyForty() throws Exception {
        RegistryScene scene = newScene(100);
        Api.Response transfer = scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), HELD);
        Api.require(transfer, 201);
        Set<Long> heldSerials = serials(transfer.body().path("serialBlocks"));

        List<Outcome> outcomes = retireConcurrently(scene);

        List<Api.Response> accepted = outcomes.stream().map(Outcome::response).filter(r -> r.status() == 201).toList();
        List<Api.Response> refused = outcomes.stream().map(Outcome::response).filter(r -> r.status() != 201).toList();
        assertThat(refused).allSatisfy(r -> assertProblem(r, 422, "holds"));
        assertThat(accepted).hasSize(HELD);
        assertThat(refused).hasSize(REQUESTS - HELD);

        Set<Long> retiredSerials = new HashSet<>();
        for (Api.Response retirement : accepted) {
            Set<Long> serials = serials(retirement.body().path("serialBlocks"));
            assertThat(serials).hasSize(1);
            assertThat(retiredSerials).as("retired twice").doesNotContainAnyElementsOf(serials);
            retiredSerials.addAll(serials);
        }
        assertThat(retiredSerials).isEqualTo(heldSerials);
        assertThat(accepted.stream().map(r -> r.body().path("retirementId").asText()).distinct()).hasSize(HELD);

        Set<String> acceptedEventIds = accepted.stream().map(r -> r.body().path("eventId").asText())
                .collect(Collectors.toSet());
        assertThat(acceptedEventIds).hasSize(HELD);
        List<RegistryEventsTopic.Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(),
                Set.of(scene.batch()), RegistryEventsTopic.containsAll(acceptedEventIds), Duration.ofSeconds(60));
        Map<String, Long> copies = published.stream()
                .collect(Collectors.groupingBy(RegistryEventsTopic.Published::eventId, Collectors.counting()));
        assertThat(copies).containsOnlyKeys(union(acceptedEventIds,
                scene.issuance().path("eventId").asText(), transfer.body().path("eventId").asText()));
        assertThat(copies.values()).as("copies of each event on the topic").containsOnly(1L);
        assertThat(published).filteredOn(p -> "CreditsRetired".equals(p.header("type"))).hasSize(HELD);

        // The public view must agree with what was accepted: every total, every holder.
        JsonNode view = scene.batchView();
        SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(view.path("issued").asLong()).as("issued").isEqualTo(100);
            soft.assertThat(view.path("retired").asLong()).as("retired").isEqualTo(HELD);
            soft.assertThat(view.path("cancelled").asLong()).as("cancelled").isZero();
            soft.assertThat(view.path("held").asLong()).as("held").isEqualTo(100 - HELD);
            soft.assertThat(view.path("held").asLong() + view.path("retired").asLong()
                    + view.path("cancelled").asLong()).as("held + retired + cancelled").isEqualTo(100);
            soft.assertThat(view.path("holders")).as("holders").hasSize(1);
            soft.assertThat(view.at("/holders/0/accountId").asText()).as("only holder").isEqualTo(scene.developer());
            soft.assertThat(api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body())
                    .as("corporate holdings").isEmpty();
        });
    }

    private List<Outcome> retireConcurrently(RegistryScene scene) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Outcome>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                sent.add(pool.submit(() -> {
                    start.await();
                    for (int tries = 1; ; tries++) {
                        Api.Response response = scene.retire(scene.corporateKey(), scene.corporate(), 1);
                        if (response.status() != 409 || tries == MAX_TRIES) {
                            return new Outcome(response, tries);
                        }
                        assertProblem(response, 409, "retry");
                    }
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : sent) {
                outcomes.add(outcome.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<Long> serials(JsonNode blocks) {
        Set<Long> serials = new HashSet<>();
        for (JsonNode block : blocks) {
            for (long serial = block.path("first").asLong(); serial <= block.path("last").asLong(); serial++) {
                serials.add(serial);
            }
        }
        return serials;
    }

    private static Set<String> union(Set<String> ids, String... more) {
        Set<String> all = new HashSet<>(ids);
        all.addAll(List.of(more));
        return all;
    }
}
