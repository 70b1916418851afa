package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.testing.CliProcess;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.LedgerHttp;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as a separate OS process (the runnable jar), fed through a real broker while it is killed with
 * SIGKILL twice mid-stream and restarted: afterwards the tree holds every distinct event exactly once, without
 * gaps, and audits clean. The restarted process waits for the dead one's lease to expire before it appends.
 */
@ExtendWith(SharedKafka.Extension.class)
class CrashRecoveryIT {

    static final int EVENTS = 12_000;
    static final int BURST = 200;
    static final int REDELIVERED = 600;

    @TempDir
    Path directory;

    @Test
    void killedMidStreamTwiceLosesAndDoublesNothing() throws Exception {
        TestDatabase database = TestDatabase.fileOrShared(directory);
        String topic = "registry.events.crash-" + UUID.randomUUID();
        int port = freePort();
        LedgerHttp http = new LedgerHttp("http://127.0.0.1:" + port);
        Map<String, String> environment = new HashMap<>(database.environment());
        environment.putAll(Map.of("LEDGER_PORT", Integer.toString(port),
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafka.bootstrapServers(),
                "REGISTRY_EVENTS_TOPIC", topic,
                "LEDGER_KAFKA_GROUP", "ledger-" + topic,
                "LEDGER_SIGNING_KEY", directory.resolve("key.pem").toString(),
                "LEDGER_LEASE_DURATION", "2s",
                "LEDGER_LEASE_RENEW_INTERVAL", "500ms",
                "LEDGER_CHECKPOINT_INTERVAL", "500ms",
                "LEDGER_MAX_BATCH", "500"));
        environment.put("REGISTRY_VERIFIER_KEYS", TestRegistry.verifierKey());

        List<byte[]> envelopes = new ArrayList<>(EVENTS);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < EVENTS; i++) {
            envelopes.add(Envelopes.accountOpened(i));
            expected.add(Envelopes.eventIdOf(envelopes.get(i)));
        }

        Process ledger = start(environment, 1);
        try (EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {
            awaitUp(http);
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> feed(producer, envelopes));

            await().atMost(Duration.ofSeconds(120)).until(() -> http.treeSize() >= 2_000);
            assertThat(feeding).as("events are still being published when the ledger is killed").isNotDone();
            kill(ledger, http, "first");
            ledger = start(environment, 2);
            awaitUp(http);
            // The restarted process may catch up with most of the feed before this reads the size: never wait for
            // more than the feed holds.
            long secondKillAt = Math.min(http.treeSize() + 2_000, EVENTS);
            await().atMost(Duration.ofSeconds(120)).until(() -> http.treeSize() >= secondKillAt);
            System.out.println("second kill while the feed is " + (feeding.isDone() ? "done" : "still running"));
            kill(ledger, http, "second");
            ledger = start(environment, 3);
            awaitUp(http);

            feeding.get(180, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(120)).until(() -> http.checkpointedSize() == EVENTS);
            Thread.sleep(1_000); // anything doubled would show up by now
            assertThat(http.treeSize()).isEqualTo(EVENTS);

            List<String> eventIds = new ArrayList<>(EVENTS);
            for (long start = 0; start < EVENTS; start += 1_000) {
                var leaves = http.get("/api/leaves?start=" + start + "&end=" + (start + 1_000)).json().get("leaves");
                for (int i = 0; i < leaves.size(); i++) {
                    assertThat(leaves.get(i).get("leafIndex").asLong()).isEqualTo(start + i);
                    eventIds.add(leaves.get(i).get("eventId").asText());
                }
            }
            assertThat(eventIds).hasSize(EVENTS).doesNotHaveDuplicates();
            assertThat(new HashSet<>(eventIds)).isEqualTo(expected);
            assertThat(AuditCli.run(new String[] {"audit", "--url", http.baseUrl(), "--key",
                    http.get("/api/public-key").body().strip()}, new PrintStream(OutputStream.nullOutputStream()), System.err))
                    .isZero();
        } finally {
            ledger.destroy();
            if (!ledger.waitFor(30, TimeUnit.SECONDS)) {
                ledger.destroyForcibly();
            }
        }
    }

    /** Every envelope once in small bursts, with earlier ones sent again in between (redeliveries). */
    private static void feed(EventProducer producer, List<byte[]> envelopes) {
        Random random = new Random(3);
        for (int start = 0; start < envelopes.size(); start += BURST) {
            List<byte[]> burst = new ArrayList<>(envelopes.subList(start, Math.min(envelopes.size(), start + BURST)));
            for (int i = 0; i < REDELIVERED / (envelopes.size() / BURST); i++) {
                burst.add(envelopes.get(random.nextInt(start + 1)));
            }
            producer.sendAll(burst);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private Process start(Map<String, String> environment, int run) throws IOException {
        List<String> command = CliProcess.quickJvm("384m");
        command.addAll(List.of("-jar", CliProcess.execJar().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(directory.resolve("ledger-run-" + run + ".log").toFile());
        return builder.start();
    }

    private static void awaitUp(LedgerHttp http) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> http.get("/actuator/health").status() == 200);
    }

    private static void kill(Process process, LedgerHttp http, String which) throws InterruptedException {
        long size = http.treeSize();
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release, no commit
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.println(which + " SIGKILL at tree size " + size);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
