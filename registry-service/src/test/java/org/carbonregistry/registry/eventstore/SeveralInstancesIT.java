package org.carbonregistry.registry.eventstore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.Racers;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.carbonregistry.registry.testing.RegistryScene;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/**
 * Two registry-service instances on one event store (two Spring contexts in this JVM, each its own token owner,
 * one database of their own): instance A holds a command's transaction open after its event has drawn its global
 * index, while instance B commits thousands of events above it. Whatever happens, every event either instance
 * accepted (201) is on the topic exactly once; a held command either commits within the bound and is published,
 * or is refused (503) and leaves nothing behind.
 */
@ExtendWith(SharedKafka.Extension.class)
class SeveralInstancesIT {

    private static final String ADMIN_KEY = RegistryInstances.ADMIN_KEY;
    private static final String HOLD = "Held open ";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    private static RegistryInstances instances;
    private static ConfigurableApplicationContext a;
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void start() throws Exception {
        instances = RegistryInstances.create();
        Map<String, Object> settings = Map.of("registry.command.transaction-timeout", COMMAND_TIMEOUT.toSeconds() + "s",
                "registry.publishing.gap-timeout", "10s", "registry.reconciliation.enabled", "false");
        a = instances.start(settings, Holding.class);
        ConfigurableApplicationContext b = instances.start(settings);
        apiA = new Api(RegistryInstances.port(a));
        apiB = new Api(RegistryInstances.port(b));
    }

    @AfterAll
    static void stop() throws Exception {
        Holding.release();
        instances.close();
    }

    @Test
    void aCommandHeldPastTheBoundIsRefusedAndEveryAcceptedEventIsPublishedOnce() throws Exception {
        Held held = holdOpenOnA();
        AtomicInteger committedOnB = new AtomicInteger();
        CompletableFuture<List<String>> onB = CompletableFuture.supplyAsync(() -> openAccountsOnB(2_000, committedOnB));
        // Past the bound, with B's events committed above the held index: the held command cannot commit any more.
        await().atMost(Duration.ofSeconds(120)).until(() -> committedOnB.get() >= 500
                && Instant.now().isAfter(held.since().plus(COMMAND_TIMEOUT)));
        Holding.release();

        Api.Response answer = held.answer().get(60, TimeUnit.SECONDS);
        List<String> fromB = onB.get(300, TimeUnit.SECONDS);
        assertThat(answer.status()).as("answer to the held command: %s", answer.body()).isEqualTo(503);
        assertThat(storedEventsOf(held.accountId())).as("events of the refused command in the store").isZero();
        assertEachPublishedOnce(fromB, held.accountId(), false);
    }

    @Test
    void aCommandHeldWithinTheBoundIsPublishedAmongTheOtherInstancesEvents() throws Exception {
        Held held = holdOpenOnA();
        List<String> fromB = openAccountsOnB(50, new AtomicInteger());
        Holding.release();

        Api.Response answer = held.answer().get(60, TimeUnit.SECONDS);
        // On a machine so slow that 50 commands took longer than the bound, the held one is refused: that is safe too.
        assertThat(answer.status()).as("answer to the held command: %s", answer.body()).isIn(201, 503);
        boolean accepted = answer.status() == 201;
        assertThat(storedEventsOf(held.accountId())).isEqualTo(accepted ? 1 : 0);
        if (accepted) {
            assertThat(globalIndexOf(held.accountId())).as("the held event's index lies below B's")
                    .isLessThan(globalIndexOf(fromB.get(fromB.size() - 1)));
        }
        assertEachPublishedOnce(fromB, held.accountId(), accepted);
    }

    /** One sequence for all instances: indexes follow the order of commits, not blocks handed to each instance. */
    @Test
    void globalIndexesFollowTheOrderOfCommitsAcrossInstances() {
        List<Long> indexes = new ArrayList<>();
        for (Api api : List.of(apiA, apiB, apiA, apiB, apiA)) {
            indexes.add(globalIndexOf(api.openAccount(ADMIN_KEY, "Taking turns", "CORPORATE", "NL")));
        }
        assertThat(indexes).isSorted().doesNotHaveDuplicates();
        assertThat(indexes.get(indexes.size() - 1) - indexes.get(0)).isLessThan(50);
    }

    /**
     * Each instance caches the batches it handled; when the other has appended since, the stale copy's append
     * conflicts, is rolled back and decided again on the fresh state, so a client never sees that conflict. A
     * retirement of credits that arrived through the other instance would be refused by the stale copy: that
     * refusal is decided again on the fresh state too.
     */
    @Test
    void commandsOnOneBatchTakingTurnsBetweenInstancesAreEachAccepted() {
        RegistryScene scene = RegistryScene.create(apiA, ADMIN_KEY, 1_000);
        RegistryScene onB = new RegistryScene(apiB, ADMIN_KEY, scene.developer(), scene.developerKey(), scene.corporate(),
                scene.corporateKey(), scene.auditor(), scene.auditorKey(), scene.project(), scene.batch(), scene.issuance());
        for (int turn = 0; turn < 10; turn++) {
            RegistryScene via = turn % 2 == 0 ? onB : scene;
            RegistryScene other = via == onB ? scene : onB;
            Api.Response moved = via.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10);
            assertThat(moved.status()).as("transfer %d: %s", turn, moved.body()).isEqualTo(201);
            // the other instance's cached batch has not seen these credits arrive: a refusal would be stale
            Api.Response retired = other.retire(scene.corporateKey(), scene.corporate(), 10);
            assertThat(retired.status()).as("retirement %d: %s", turn, retired.body()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                onB.batchView().path("retired").asLong()).isEqualTo(100));
        assertThat(storedEventsOf(scene.batch())).as("issued, then 10 transfers and 10 retirements").isEqualTo(21);
    }

    /**
     * The claim rule lives in the account that made the retirement, one aggregate on the shared event store, so it holds
     * across instances: of claims on one retirement sent through both at once, exactly one is stored.
     */
    @Test
    void concurrentClaimsOnOneRetirementThroughBothInstancesExactlyOneWins() throws Exception {
        RegistryScene scene = RegistryScene.create(apiA, ADMIN_KEY, 10);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10), 201);
        Api.Response retired = scene.retire(scene.corporateKey(), scene.corporate(), 10);
        Api.require(retired, 201);
        Map<String, Object> claim = RegistryScene.body("type", "NEUTRALITY", "periodStart", "2024-01-01",
                "periodEnd", "2024-12-31", "statement", "neutral in 2024",
                "retirementIds", List.of(retired.body().get("retirementId").asText()));

        List<Api.Response> outcomes = Racers.race(8, racer -> (racer % 2 == 0 ? apiA : apiB)
                .post("/api/accounts/" + scene.corporate() + "/claims", scene.corporateKey(), claim));

        List<Api.Response> won = outcomes.stream().filter(r -> r.status() == 201).toList();
        assertThat(won).as("%s", outcomes).hasSize(1);
        String winner = won.get(0).body().get("claimId").asText();
        assertThat(outcomes).filteredOn(r -> r.status() != 201).hasSize(7)
                .allSatisfy(r -> assertProblem(r, 422, "already backs claim " + winner));
        assertThat(storedEventsOf(scene.corporate())).as("AccountOpened and one ClaimMade").isEqualTo(2);
    }

    private record Held(Instant since, String accountId, Future<Api.Response> answer) {
    }

    /** Opens an account on A and returns once its event has drawn its index and A's transaction is held open. */
    private static Held holdOpenOnA() throws InterruptedException {
        Holding.arm();
        CompletableFuture<Api.Response> answer = CompletableFuture.supplyAsync(() -> apiA.post("/api/accounts", ADMIN_KEY,
                Map.of("name", HOLD + Instant.now(), "type", "CORPORATE", "jurisdiction", "SE")));
        assertThat(Holding.holding.await(60, TimeUnit.SECONDS)).as("A's command reached the holding handler").isTrue();
        return new Held(Holding.heldAt, Holding.heldAccount, answer);
    }

    private static List<String> openAccountsOnB(int count, AtomicInteger committed) {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> opened = IntStream.range(0, count).mapToObj(i -> clients.submit(() -> {
                String account = apiB.openAccount(ADMIN_KEY, "Opened on B " + i, "CORPORATE", "DE");
                committed.incrementAndGet();
                return account;
            })).toList();
            List<String> accounts = new ArrayList<>();
            for (Future<String> account : opened) {
                accounts.add(account.get(300, TimeUnit.SECONDS));
            }
            return accounts;
        } catch (Exception e) {
            throw new AssertionError("opening accounts on B failed", e);
        } finally {
            clients.shutdownNow();
        }
    }

    private static void assertEachPublishedOnce(List<String> fromB, String held, boolean heldAccepted) {
        Set<String> aggregates = new HashSet<>(fromB);
        aggregates.add(held);
        Set<String> expected = new HashSet<>(fromB);
        if (heldAccepted) {
            expected.add(held);
        }
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), instances.topic(),
                aggregates, records -> records.stream().map(Published::aggregateId).collect(Collectors.toSet())
                        .containsAll(expected), Duration.ofSeconds(120));
        Map<String, Long> recordsPerAggregate = published.stream()
                .collect(Collectors.groupingBy(Published::aggregateId, Collectors.counting()));
        assertThat(recordsPerAggregate.keySet()).as("aggregates on the topic").isEqualTo(expected);
        assertThat(recordsPerAggregate.values()).as("records per event").allMatch(count -> count == 1);
        assertThat(published).extracting(record -> EventEnvelope.fromCanonicalBytes(record.value()).type())
                .containsOnly("AccountOpened");
    }

    private static long storedEventsOf(String aggregateId) {
        return a.getBean(JdbcTemplate.class).queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, aggregateId);
    }

    private static long globalIndexOf(String aggregateId) {
        return a.getBean(JdbcTemplate.class).queryForObject(
                "select global_index from domain_event_entry where aggregate_identifier = ?", Long.class, aggregateId);
    }

    /**
     * On instance A only: a subscribing handler, so it runs inside the command's transaction after the event has
     * been stored (and drawn its index), holds an account opening whose name says so until the test releases it.
     */
    @Configuration(proxyBeanMethods = false)
    static class Holding {

        static volatile CountDownLatch holding = new CountDownLatch(1);
        static volatile CountDownLatch released = new CountDownLatch(0);
        static volatile Instant heldAt;
        static volatile String heldAccount;

        static void arm() {
            holding = new CountDownLatch(1);
            released = new CountDownLatch(1);
        }

        static void release() {
            released.countDown();
        }

        @Bean
        HoldingHandler holdingHandler() {
            return new HoldingHandler();
        }
    }

    @ProcessingGroup("directory")
    static class HoldingHandler {
        @EventHandler
        void on(AccountOpened event) throws InterruptedException {
            if (event.name().startsWith(HOLD)) {
                Holding.heldAccount = event.accountId();
                Holding.heldAt = Instant.now();
                Holding.holding.countDown();
                Holding.released.await(5, TimeUnit.MINUTES);
            }
        }
    }
}
