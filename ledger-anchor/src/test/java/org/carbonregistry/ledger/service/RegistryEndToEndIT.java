package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.testing.LedgerHttp;
import org.carbonregistry.ledger.testing.RegistryProcess;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.verify.ConsistencyProofDocument;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.InclusionVerification;
import org.carbonregistry.ledger.verify.VerifyCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry-service (its runnable jar, as a separate process) publishes 2,000 events through the real
 * broker (32 batches written concurrently, sealed over dozens of checkpoints; 10,000 proved nothing more and took
 * minutes); the ledger seals them, and every one of them has an inclusion proof that verifies offline, and every
 * pair of consecutive checkpoints a consistency proof that verifies.
 */
// Minutes long: CI runs it in the H2 pass and leaves it out of the PostgreSQL pass (tag "slow").
@Tag("slow")
@ExtendWith(SharedKafka.Extension.class)
class RegistryEndToEndIT {

    static final int EVENTS = 2_000;
    static final int BATCHES = 32;
    static final int CLIENTS = 8;

    @TempDir
    Path directory;

    @Test
    void twoThousandRegistryEventsEachProvablyInTheLedger() throws Exception {
        String topic = "registry.events.e2e-" + UUID.randomUUID();
        int registryPort = freePort();
        // No configured key: the ledger fetches the registry's key from /api/registry-key and pins it, as in production.
        try (RunningLedger ledger = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(), topic,
                directory.resolve("key.pem"), Map.of("ledger.checkpoint.interval", "1s", "ledger.registry.verifier-keys", "",
                        "ledger.registry.url", "http://127.0.0.1:" + registryPort));
             RegistryProcess registry = RegistryProcess.start(SharedKafka.bootstrapServers(), topic, registryPort,
                     Path.of("target", "it-logs", "registry-end-to-end.log"))) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                    .until(registry::isReady);

            long started = System.nanoTime();
            Set<String> eventIds = generateEvents(registry);
            System.out.printf("the registry accepted %d commands in %d ms%n", eventIds.size(), (System.nanoTime() - started) / 1_000_000);
            assertThat(eventIds).hasSize(EVENTS - 4);

            LedgerHttp http = ledger.http;
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> sealedLeaves(http).containsAll(eventIds));
            System.out.printf("all sealed in the ledger %d ms after the first command%n", (System.nanoTime() - started) / 1_000_000);
            List<String> leaves = new ArrayList<>(sealedLeaves(http));
            assertThat(leaves).doesNotHaveDuplicates();
            assertThat((long) leaves.size()).isEqualTo(http.treeSize())
                    .as("the issuances and transfers, two accounts and a project").isGreaterThanOrEqualTo(eventIds.size() + 3);

            String key = http.get("/api/public-key").body().strip();
            verifyEveryInclusionProof(http, key, eventIds);
            verifySomeWithTheOfflineVerifier(http, key, eventIds);
            int pairs = verifyEveryConsecutiveConsistencyProof(http, key);
            assertThat(pairs).isPositive();
            assertThat(AuditCli.run(new String[] {"audit", "--url", http.baseUrl(), "--key", key},
                    new PrintStream(OutputStream.nullOutputStream()), System.err)).isZero();
        }
    }

    /** Event ids of all leaves covered by the latest checkpoint, in leaf order (empty if more leaves are still unsealed). */
    private static List<String> sealedLeaves(LedgerHttp http) {
        long treeSize = http.treeSize();
        if (http.checkpointedSize() != treeSize) {
            return List.of();
        }
        List<String> eventIds = new ArrayList<>();
        for (long start = 0; start < treeSize; start += 1_000) {
            http.get("/api/leaves?start=" + start + "&end=" + Math.min(treeSize, start + 1_000)).json().get("leaves")
                    .forEach(leaf -> eventIds.add(leaf.get("eventId").asText()));
        }
        return eventIds;
    }

    /**
     * Through the registry's HTTP API: two accounts and a project, then {@value #BATCHES} batches issued and
     * transferred one credit at a time, {@value #CLIENTS} clients in parallel, each batch by one client (so no
     * command waits for another on the same aggregate): {@value #EVENTS} events with the registry's own account.
     * Returns the ids of those the responses name (issuances and transfers).
     */
    private Set<String> generateEvents(RegistryProcess registry) throws Exception {
        String developer = registry.post("/api/accounts", Map.of("name", "Developer", "type", "PROJECT_DEVELOPER",
                "jurisdiction", "BR")).get("accountId").asText();
        String corporate = registry.post("/api/accounts", Map.of("name", "Corporate", "type", "CORPORATE",
                "jurisdiction", "DE")).get("accountId").asText();
        String project = registry.post("/api/projects", Map.of("name", "Mangrove restoration", "standard", "VCS",
                "methodology", "VM0033", "country", "BR", "category", "REMOVAL", "removalSink", "BIOGENIC",
                "type", "Blue carbon", "developerAccountId", developer)).get("projectId").asText();
        int transfers = EVENTS - 4 - BATCHES; // registry account, two accounts, project, issuances
        Set<String> eventIds = ConcurrentHashMap.newKeySet();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int batch = 0; batch < BATCHES; batch++) {
                int moves = transfers / BATCHES + (batch < transfers % BATCHES ? 1 : 0);
                work.add(clients.submit(() -> {
                    JsonNode issued = registry.post("/api/batches", Map.of("projectId", project, "vintageStart", "2024-01-01",
                            "vintageEnd", "2024-12-31", "quantity", 1_000, "toAccount", developer,
                            "labels", List.of("CCP"), "correspondingAdjustment", false));
                    eventIds.add(issued.get("eventId").asText());
                    String path = "/api/batches/" + issued.get("batchId").asText() + "/transfers";
                    for (int move = 0; move < moves; move++) {
                        eventIds.add(registry.post(path, Map.of("from", developer, "to", corporate, "quantity", 1))
                                .get("eventId").asText());
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } catch (Exception e) {
            throw new AssertionError("driving the registry failed; its log ends with:\n" + registry.logTail(), e);
        } finally {
            clients.shutdownNow();
        }
        return eventIds;
    }

    private static void verifyEveryInclusionProof(LedgerHttp http, String key, Set<String> eventIds) throws Exception {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(key);
        ExecutorService auditors = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (String eventId : eventIds) {
                checks.add(auditors.submit(() -> {
                    InclusionProofDocument proof = InclusionProofDocument.parse(
                            http.get("/api/proofs/inclusion?eventId=" + eventId).bytes());
                    assertThat(proof.eventId()).isEqualTo(eventId);
                    InclusionVerification.verify(proof, verifier);
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } finally {
            auditors.shutdownNow();
        }
    }

    private void verifySomeWithTheOfflineVerifier(LedgerHttp http, String key, Set<String> eventIds) throws IOException {
        List<String> sample = new ArrayList<>(eventIds);
        Collections.shuffle(sample);
        for (String eventId : sample.subList(0, 5)) {
            Path proof = Files.write(directory.resolve(eventId + ".json"),
                    http.get("/api/proofs/inclusion?eventId=" + eventId).bytes());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyCli.run(new String[] {"verify", "--key", key, "--proof", proof.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
            assertThat(exit).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("VERIFIED: event " + eventId);
        }
    }

    private static int verifyEveryConsecutiveConsistencyProof(LedgerHttp http, String key) throws Exception {
        NoteVerifier verifier = NoteVerifier.fromVerifierKey(key);
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (JsonNode entry : http.get("/api/checkpoints?limit=1000").json()) {
            checkpoints.add(verifier.verify(entry.get("note").asText()));
        }
        for (int i = 1; i < checkpoints.size(); i++) {
            Checkpoint older = checkpoints.get(i - 1);
            Checkpoint newer = checkpoints.get(i);
            ConsistencyProofDocument proof = ConsistencyProofDocument.parse(http.get("/api/proofs/consistency?from="
                    + older.treeSize() + "&to=" + newer.treeSize()).bytes());
            ProofVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof.path());
        }
        return checkpoints.size() - 1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
