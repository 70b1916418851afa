package org.carbonregistry.system;

import org.carbonregistry.system.stack.Api;
import org.carbonregistry.system.stack.PrintServiceErrorsOnFailure;
import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The registry scaled out on one machine, as an operator would run it: PostgreSQL, a three-node Kafka cluster (each
 * node its own process), two registry-service instances on one event store (clients send each request to the next
 * instance in turn), a ledger-anchor sequencer with a standby, and two reporting instances sharing the partitions.
 * Under load, one of each is SIGKILLed and restarted in turn: a registry-service, the sequencer, a reporting
 * instance and a Kafka node. Afterwards every accepted command's event is in the event store, on the topic (a
 * resend repeats the same bytes), in the ledger once with a verifying proof, and in the reports to the tonne.
 *
 * <p>Several instances share a database only on PostgreSQL (H2 files belong to one process), so this test runs in
 * CI's PostgreSQL pass and is skipped on H2.
 */
// Not yet seen passing: on a loaded machine a restarted registry-service missed its 4 min start. Kept out of
// CI (slow runs in the H2 pass, where it skips) until it has passed on a quiet machine.
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaledOutRegistryIT {

    private static final int COMMANDS = Integer.getInteger("system.scaled-commands", 1_200);
    private static final int CLIENTS = 8;
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration SETTLE = Duration.ofSeconds(240);

    private final Api api = new Api();
    private RegistryStack stack;

    @RegisterExtension
    final PrintServiceErrorsOnFailure printServiceErrorsOnFailure = new PrintServiceErrorsOnFailure(() -> stack);

    @BeforeAll
    void startTheStack() throws Exception {
        String url = System.getenv("REGISTRY_DB_URL");
        assumeTrue(url != null && url.startsWith("jdbc:postgresql:"),
                "several instances share one database only on PostgreSQL: set REGISTRY_DB_URL to run this test");
        long started = System.nanoTime();
        stack = RegistryStack.start(Path.of("target", "system-it", "scaled-" + UUID.randomUUID()).toAbsolutePath(),
                new RegistryStack.Topology(3, 2, 2, 2), Map.of());
        System.out.printf("scaled-out stack up in %d s%n", (System.nanoTime() - started) / 1_000_000_000);
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void oneOfEachKilledUnderLoadLosesAndDoublesNothing() throws Exception {
        await().atMost(STARTUP).until(() -> role(stack.ledger()).equals("SEQUENCER"));
        assertThat(role(stack.ledgers().get(1))).as("the second ledger-anchor instance").isEqualTo("STANDBY");

        Workload workload = Workload.setUp(api, stack.registries().stream().map(ServiceProcess::url).toList(),
                RegistryStack.ADMIN_KEY);
        AtomicInteger accepted = new AtomicInteger();
        AtomicBoolean faultsDone = new AtomicBoolean();
        ExecutorService faults = Executors.newSingleThreadExecutor();
        Future<?> faultRun = faults.submit(() -> {
            try {
                killAndRestartAt(accepted, COMMANDS / 8, stack.registry());
                killAndRestartAt(accepted, 2 * COMMANDS / 8, stack.ledger());
                killAndRestartAt(accepted, 3 * COMMANDS / 8, stack.reporting());
                awaitAccepted(accepted, 4 * COMMANDS / 8);
                stack.kafkaNodes().kill(2);
                System.out.println("Kafka node 2 killed (SIGKILL)");
                Thread.sleep(5_000);
                stack.kafkaNodes().restart(2);
                System.out.println("Kafka node 2 restarted");
            } finally {
                faultsDone.set(true);
            }
            return null;
        });
        Workload.Outcome outcome;
        try {
            // the load goes on until every fault has happened and its service is back
            outcome = workload.run(CLIENTS, n -> n < COMMANDS || !faultsDone.get(), Workload.WhenUnavailable.RETRY,
                    command -> accepted.incrementAndGet());
            faultRun.get();
        } finally {
            faults.shutdownNow();
        }
        System.out.printf("scaled out: %d commands accepted in %d ms: %.0f commands/s, through four kills%n",
                outcome.accepted().size(), outcome.elapsed().toMillis(), outcome.acceptedPerSecond());
        assertThat(outcome.accepted()).hasSizeGreaterThanOrEqualTo(COMMANDS);
        List<String> eventIds = Books.eventIds(workload.everAccepted());

        // the standby has taken over the lease, or the restarted first instance has it again: either serves proofs
        LedgerView ledger = new LedgerView(api, stack.ledgers().get(1).url());
        ledger.awaitSealed(eventIds, SETTLE);
        int distinctEvents = Books.assertLedgerHoldsEachTopicEventOnce(stack.bootstrapServers(), ledger,
                workload.everAccepted(), SETTLE);
        assertThat(storedEvents()).as("events in the shared event store").isEqualTo(distinctEvents);
        ledger.verifyInclusionOfEach(eventIds);
        assertThat(ledger.verifyConsecutiveConsistency()).isPositive();
        assertThat(stack.ledgers().stream().map(ScaledOutRegistryIT::role).filter("SEQUENCER"::equals))
                .as("sequencers after the faults").hasSize(1);

        for (ServiceProcess reporting : stack.reportings()) {
            Books.assertReportsEqualTheRetirementsMade(new ReportView(api, reporting.url()), workload, SETTLE);
        }
    }

    private void killAndRestartAt(AtomicInteger accepted, int threshold, ServiceProcess service) throws Exception {
        awaitAccepted(accepted, threshold);
        service.kill();
        System.out.printf("%s killed (SIGKILL) after %d accepted commands%n", service.name(), accepted.get());
        service.start();
        service.awaitHealthy(STARTUP);
        System.out.printf("%s restarted after %d accepted commands%n", service.name(), accepted.get());
    }

    private static void awaitAccepted(AtomicInteger accepted, int threshold) throws InterruptedException {
        while (accepted.get() < threshold) {
            Thread.sleep(50);
        }
    }

    /** SEQUENCER or STANDBY, from the instance's health as an administrator sees it. */
    private static String role(ServiceProcess ledger) {
        Api.Response health = new Api().getOrFail(ledger.url() + "/actuator/health", RegistryStack.ADMIN_KEY);
        return health.json().path("components").path("sequencer").path("details").path("role").asText();
    }

    private long storedEvents() throws Exception {
        Map<String, String> databases = stack.databaseEnvironment();
        try (Connection connection = DriverManager.getConnection(databases.get("REGISTRY_DB_URL"),
                databases.get("REGISTRY_DB_USER"), databases.get("REGISTRY_DB_PASSWORD"));
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("select count(*) from domain_event_entry")) {
            count.next();
            return count.getLong(1);
        }
    }
}
