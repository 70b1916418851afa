package org.carbonregistry.registry.commandqueue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.PersonalDataTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

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
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/**
 * Many clients retiring at once over HTTP, from one batch or from a batch each, so that their commands wait on each
 * other and are committed in groups: each accepted retirement is stored and published exactly once, the totals are
 * exact, a retirement of more than is held is refused alone, and twin requests with one {@code Idempotency-Key}
 * retire once.
 */
class GroupCommitIT extends RunningRegistry {

    private static final int CLIENTS = 24;
    private static final int RETIREMENTS_EACH = 15;
    private static final long HELD = 2_000;
    /** 409 (another instance appended first) and 503 (the database was busy) ask for a resend with the same key. */
    private static final int MAX_TRIES = 20;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    record Sent(String idempotencyKey, long quantity, Api.Response response) {
    }

    @Test
    void concurrentRetirementsFromOneBatchAreEachStoredOnceWithExactTotals() throws Exception {
        RegistryScene scene = newScene(10_000);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), HELD), 201);
        String run = Long.toString(System.nanoTime(), 36);

        List<Sent> sent = sendConcurrently(client -> {
            List<Sent> mine = new ArrayList<>();
            for (int i = 0; i < RETIREMENTS_EACH; i++) {
                // every fifth asks for more than anyone holds: refused alone, whatever shares its group
                long quantity = i % 5 == 4 ? HELD + 1 : 1 + (client + i) % 3;
                String key = run + "-" + client + "-" + i;
                mine.add(new Sent(key, quantity, retire(scene, quantity, key)));
            }
            return mine;
        }, CLIENTS);
        // twins: the same request with the same key at the same moment retires once
        String twinKey = run + "-twin";
        List<Sent> twins = sendConcurrently(client -> List.of(new Sent(twinKey, 7, retire(scene, 7, twinKey))), 4);

        List<Sent> accepted = sent.stream().filter(s -> s.response().status() == 201).toList();
        List<Sent> refused = sent.stream().filter(s -> s.response().status() != 201).toList();
        assertThat(refused).allSatisfy(s -> assertProblem(s.response(), 422, "holds"));
        assertThat(refused).allSatisfy(s -> assertThat(s.quantity()).isEqualTo(HELD + 1));
        assertThat(accepted).allSatisfy(s -> assertThat(s.quantity()).isLessThanOrEqualTo(3));
        assertThat(accepted).hasSize(CLIENTS * RETIREMENTS_EACH * 4 / 5);
        assertThat(twins).allSatisfy(s -> assertThat(s.response().status()).isEqualTo(201));
        assertThat(twins.stream().map(s -> s.response().body().path("eventId").asText()).distinct()).hasSize(1);

        Set<String> acceptedEventIds = accepted.stream().map(s -> s.response().body().path("eventId").asText())
                .collect(Collectors.toSet());
        acceptedEventIds.add(twins.get(0).response().body().path("eventId").asText());
        assertThat(acceptedEventIds).hasSize(accepted.size() + 1);
        long retired = accepted.stream().mapToLong(Sent::quantity).sum() + 7;

        Integer stored = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like '%CreditsRetired'", Integer.class, scene.batch());
        assertThat(stored).as("retirements in the event store").isEqualTo(acceptedEventIds.size());
        List<RegistryEventsTopic.Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(),
                Set.of(scene.batch()), RegistryEventsTopic.containsAll(acceptedEventIds), Duration.ofSeconds(90));
        Map<String, Long> copies = published.stream()
                .filter(p -> "CreditsRetired".equals(p.header("type")))
                .collect(Collectors.groupingBy(RegistryEventsTopic.Published::eventId, Collectors.counting()));
        assertThat(copies.keySet()).isEqualTo(acceptedEventIds);
        assertThat(copies.values()).as("copies of each retirement on the topic").containsOnly(1L);

        var view = scene.batchView();
        assertThat(view.path("retired").asLong()).as("retired").isEqualTo(retired);
        assertThat(view.path("held").asLong()).as("held").isEqualTo(10_000 - retired);
        assertThat(api.get("/api/accounts/" + scene.corporate() + "/holdings", scene.corporateKey()).body()
                .path(0).path("quantity").asLong()).as("corporate holds").isEqualTo(HELD - retired);
        assertThat(meters.get("registry.command.group.size").summary().max())
                .as("some retirements waited for one another and were committed together").isGreaterThan(1);
    }

    @Test
    void concurrentRetirementsFromABatchEachAreCommittedInGroupsAcrossBatchesWithExactTotals() throws Exception {
        int clients = 12;
        List<RegistryScene> scenes = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            RegistryScene scene = newScene(1_000);
            Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 100), 201);
            scenes.add(scene);
        }
        DistributionSummary groups = meters.get("registry.command.group.size").summary();
        long groupsBefore = groups.count();
        double commandsBefore = groups.totalAmount();
        String run = Long.toString(System.nanoTime(), 36);

        // one client per batch, each waiting for its answer: no two of a batch's commands are ever in line together
        List<Sent> sent = sendConcurrently(client -> {
            List<Sent> mine = new ArrayList<>();
            for (int i = 0; i < RETIREMENTS_EACH; i++) {
                long quantity = i % 5 == 4 ? 101 : 1 + (client + i) % 3;
                String key = run + "-" + client + "-" + i;
                mine.add(new Sent(key, quantity, retire(scenes.get(client), quantity, key)));
            }
            return mine;
        }, clients);

        List<Sent> accepted = sent.stream().filter(s -> s.response().status() == 201).toList();
        assertThat(sent).filteredOn(s -> s.response().status() != 201)
                .allSatisfy(s -> assertProblem(s.response(), 422, "holds"))
                .allSatisfy(s -> assertThat(s.quantity()).isEqualTo(101));
        assertThat(accepted).hasSize(clients * RETIREMENTS_EACH * 4 / 5);
        for (int c = 0; c < clients; c++) {
            String prefix = run + "-" + c + "-";
            long retired = accepted.stream().filter(s -> s.idempotencyKey().startsWith(prefix))
                    .mapToLong(Sent::quantity).sum();
            RegistryScene scene = scenes.get(c);
            assertThat(scene.batchView().path("retired").asLong()).as("retired from batch %d", c).isEqualTo(retired);
            Integer stored = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%CreditsRetired'", Integer.class, scene.batch());
            assertThat(stored).as("retirements of batch %d in the event store", c).isEqualTo(RETIREMENTS_EACH * 4 / 5);
        }
        Set<String> acceptedEventIds = accepted.stream().map(s -> s.response().body().path("eventId").asText())
                .collect(Collectors.toSet());
        assertThat(acceptedEventIds).hasSize(accepted.size());
        Set<String> batches = scenes.stream().map(RegistryScene::batch).collect(Collectors.toSet());
        Map<String, Long> copies = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), batches,
                        RegistryEventsTopic.containsAll(acceptedEventIds), Duration.ofSeconds(90)).stream()
                .filter(p -> "CreditsRetired".equals(p.header("type")))
                .collect(Collectors.groupingBy(RegistryEventsTopic.Published::eventId, Collectors.counting()));
        assertThat(copies.keySet()).isEqualTo(acceptedEventIds);
        assertThat(copies.values()).as("copies of each retirement on the topic").containsOnly(1L);
        // the personal-data publisher reads the texts of its batch of retirements together: each gets its own
        Set<String> acceptedRetirements = accepted.stream()
                .map(s -> s.response().body().path("retirementId").asText()).collect(Collectors.toSet());
        Map<String, byte[]> texts = await().atMost(Duration.ofSeconds(60)).until(PersonalDataTopic::latestValues,
                latest -> latest.keySet().containsAll(acceptedRetirements));
        assertThat(acceptedRetirements).allSatisfy(retirementId -> {
            RetirementPersonalData text = RetirementPersonalData.fromJson(texts.get(retirementId));
            assertThat(text.retirementId()).isEqualTo(retirementId);
            assertThat(text.beneficiary()).isEqualTo("ACME Corp");
        });
        assertThat(groups.totalAmount() - commandsBefore)
                .as("more commands than groups: some group held commands of several batches")
                .isGreaterThan(groups.count() - groupsBefore);
    }

    @Test
    void oneIdempotencyKeyReusedForRetirementsFromDifferentBatchesAtOnceRetiresOnceAndRefusesTheOthers()
            throws Exception {
        int batches = 8;
        int rounds = 12;
        RegistryScene scene = newScene(1_000);
        List<String> batchIds = new ArrayList<>(List.of(scene.batch()));
        for (int b = 1; b < batches; b++) {
            Api.Response issued = api.issue(scene.adminKey(), scene.project(), 1_000, scene.developer());
            Api.require(issued, 201);
            batchIds.add(issued.body().get("batchId").asText());
        }
        for (String batch : batchIds) {
            Api.require(api.post("/api/batches/" + batch + "/transfers", scene.developerKey(), RegistryScene.body(
                    "from", scene.developer(), "to", scene.corporate(), "quantity", 100)), 201);
        }
        String run = Long.toString(System.nanoTime(), 36);

        // In each round all clients send at once, client c on batch c, and pairs of them share a key (pairs shifted
        // by one in odd rounds): two different requests under one key, in one group or in two groups in flight at
        // once, where each group may also hold the key of another pair that the other group wants.
        List<Sent> sent = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            int r = round;
            sent.addAll(sendConcurrently(client -> {
                String key = run + "-" + r + "-" + (r % 2 == 0 ? client / 2 : (client + 1) % batches / 2);
                return List.of(new Sent(key, 1 + client % 3,
                        retireFrom(scene, batchIds.get(client), 1 + client % 3, key)));
            }, batches));
        }

        Map<String, List<Sent>> byKey = sent.stream().collect(Collectors.groupingBy(Sent::idempotencyKey));
        assertThat(byKey).hasSize(rounds * batches / 2);
        assertThat(byKey.values()).allSatisfy(pair -> {
            assertThat(pair).hasSize(2);
            assertThat(pair).filteredOn(s -> s.response().status() == 201).as("accepted under one key").hasSize(1);
            assertThat(pair).filteredOn(s -> s.response().status() != 201)
                    .allSatisfy(s -> assertProblem(s.response(), 422, "Idempotency-Key", "different request"));
        });
        List<Sent> accepted = sent.stream().filter(s -> s.response().status() == 201).toList();
        for (int b = 0; b < batches; b++) {
            String batch = batchIds.get(b);
            List<Sent> fromBatch = accepted.stream()
                    .filter(s -> s.response().body().path("batchId").asText().equals(batch)).toList();
            Api.Response view = api.get("/api/batches/" + batch, scene.adminKey());
            assertThat(view.body().path("retired").asLong()).as("retired from batch %d", b)
                    .isEqualTo(fromBatch.stream().mapToLong(Sent::quantity).sum());
            Integer stored = jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                    + " and payload_type like '%CreditsRetired'", Integer.class, batch);
            assertThat(stored).as("retirements of batch %d in the event store", b).isEqualTo(fromBatch.size());
        }
    }

    private Api.Response retire(RegistryScene scene, long quantity, String idempotencyKey) {
        return retireFrom(scene, scene.batch(), quantity, idempotencyKey);
    }

    private Api.Response retireFrom(RegistryScene scene, String batch, long quantity, String idempotencyKey) {
        for (int tries = 1; ; tries++) {
            Api.Response response = api.post("/api/batches/" + batch + "/retirements", scene.corporateKey(),
                    RegistryScene.retirement(scene.corporate(), quantity), idempotencyKey);
            if ((response.status() != 409 && response.status() != 503) || tries == MAX_TRIES) {
                return response;
            }
        }
    }

    interface Client {
        List<Sent> run(int client) throws Exception;
    }

    private static List<Sent> sendConcurrently(Client client, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Sent>>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                running.add(pool.submit(() -> {
                    start.await();
                    return client.run(id);
                }));
            }
            start.countDown();
            List<Sent> all = new ArrayList<>();
            for (Future<List<Sent>> f : running) {
                all.addAll(f.get(180, TimeUnit.SECONDS));
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }
}
