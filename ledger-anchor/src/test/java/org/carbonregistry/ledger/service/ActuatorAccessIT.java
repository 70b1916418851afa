package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.IntrospectionStandIn;
import org.carbonregistry.ledger.testing.LedgerHttp;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.openapi.ApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The design's access rule on the ledger, asked with real requests by four callers: no key, an account holder's, an
 * auditor's and an administrator's. Keys are checked by a real HTTP endpoint answering the registry's
 * introspection ({@link IntrospectionStandIn}), which only the ledger's SERVICE key may ask; the ledger consumes a
 * real broker and writes a real database. Public: the health status and probes, proofs, checkpoints, leaves, the
 * public key, quarantine and sequence anomalies. Administrators and auditors only: health details, metrics,
 * Prometheus and every other actuator endpoint. A registry that cannot be asked is a 503, never a pass. The same
 * ledger answers every endpoint of its OpenAPI document for the contract test.
 */
@ExtendWith(SharedKafka.Extension.class)
class ActuatorAccessIT {

    private static final List<String> CALLERS = List.of("anonymous", "holder", "auditor", "admin");
    private static final int EVENTS = 5;

    @TempDir
    static Path directory;
    static RunningLedger ledger;
    static Map<String, LedgerHttp> as = new LinkedHashMap<>();
    static String eventId;

    @BeforeAll
    static void ledgerWithEvents() {
        String topic = "registry.events.access-" + UUID.randomUUID();
        ledger = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(), topic,
                directory.resolve("key.pem"), Map.of());
        as.put("anonymous", ledger.http);
        as.put("holder", ledger.http.withKey(IntrospectionStandIn.HOLDER_KEY));
        as.put("auditor", ledger.http.withKey(IntrospectionStandIn.AUDITOR_KEY));
        as.put("admin", ledger.http.withKey(IntrospectionStandIn.ADMIN_KEY));
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            envelopes.add(Envelopes.accountOpened(i));
        }
        eventId = Envelopes.eventIdOf(envelopes.get(0));
        try (EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {
            producer.sendAll(envelopes);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.http.checkpointedSize() == EVENTS);
    }

    @AfterAll
    static void stop() {
        if (ledger != null) {
            ledger.close();
        }
    }

    /** The status each caller gets, in the order of {@link #CALLERS}. */
    private static List<Integer> statuses(String path) {
        return CALLERS.stream().map(caller -> as.get(caller).get(path).status()).toList();
    }

    @Test
    void theHealthStatusAndTheProbesArePublicTheDetailsAreNot() {
        assertThat(statuses("/actuator/health")).containsExactly(200, 200, 200, 200);
        assertThat(statuses("/actuator/health/liveness")).containsExactly(200, 200, 200, 200);
        assertThat(statuses("/actuator/health/readiness")).containsExactly(200, 200, 200, 200);

        List<Boolean> details = CALLERS.stream()
                .map(caller -> as.get(caller).get("/actuator/health").json().has("components")).toList();
        assertThat(details).containsExactly(false, false, true, true);
        List<Boolean> readinessDetails = CALLERS.stream()
                .map(caller -> as.get(caller).get("/actuator/health/readiness").json().has("components")).toList();
        assertThat(readinessDetails).containsExactly(false, false, true, true);
        assertThat(ledger.http.get("/actuator/health").json().get("status").asText()).isEqualTo("UP");
        assertThat(as.get("auditor").get("/actuator/health").json().path("components").path("sequencer")
                .path("details").path("role").asText()).isEqualTo("SEQUENCER");
        assertThat(statuses("/actuator/health/sequencer")).as("a component, hidden as the actuator hides it").containsExactly(404, 404, 200, 200);
    }

    @Test
    void metricsPrometheusAndTheOtherActuatorEndpointsAreForAuditorsAndAdministrators() {
        assertThat(statuses("/actuator/metrics")).containsExactly(401, 403, 200, 200);
        assertThat(statuses("/actuator/metrics/ledger.leaves.appended")).containsExactly(401, 403, 200, 200);
        assertThat(statuses("/actuator/prometheus")).containsExactly(401, 403, 200, 200);
        assertThat(statuses("/actuator/info")).containsExactly(401, 403, 200, 200);
        assertThat(statuses("/actuator")).containsExactly(401, 403, 200, 200);
        assertThat(as.get("auditor").get("/actuator/prometheus").body()).contains("ledger_leaves_appended_total " + EVENTS + ".0");

        LedgerHttp.Response anonymous = ledger.http.get("/actuator/prometheus");
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.json().get("detail").asText()).contains("administrator's or auditor's API key");
        LedgerHttp.Response holder = as.get("holder").get("/actuator/metrics");
        assertThat(holder.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(holder.json().get("status").asInt()).isEqualTo(403);
    }

    @Test
    void anUnknownKeyOrAMalformedHeaderIsRefusedEvenForTheHealthStatus() {
        LedgerHttp.Response unknown = ledger.http.withKey("crk_no-such-key").get("/actuator/health");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().get("detail").asText()).contains("unknown or revoked API key");
        assertThat(ledger.http.withKey("crk_no-such-key").get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(ledger.http.withKey(IntrospectionStandIn.SERVICE_KEY).get("/actuator/prometheus").status())
                .as("a SERVICE key introspects; it reads no metrics").isEqualTo(403);
    }

    @Test
    void aPathThatOnlyLooksLikeHealthIsJudgedByWhereItLeads() {
        assertThat(ledger.http.get("/actuator/health/../prometheus").status()).as("refused as the scrape it is").isEqualTo(401);
        assertThat(ledger.http.get("/actuator/health/%2e%2e/prometheus").status()).isNotEqualTo(200);
        assertThat(ledger.http.get("/actuator/health/..;/prometheus").status()).isNotEqualTo(200);
        assertThat(ledger.http.get("/actuator/health/../prometheus").body()).doesNotContain("ledger_leaves_appended");
    }

    @Test
    void proofsCheckpointsLeavesAndTheRestOfTheApiStayPublic() {
        for (String path : List.of("/api/public-key", "/api/checkpoints/latest", "/api/checkpoints",
                "/api/checkpoints/" + EVENTS, "/api/proofs/inclusion?eventId=" + eventId,
                "/api/proofs/consistency?from=0&to=" + EVENTS, "/api/leaves?start=0&end=" + EVENTS,
                "/api/quarantine", "/api/sequence-anomalies")) {
            assertThat(statuses(path)).as(path).containsExactly(200, 200, 200, 200);
        }
    }

    @Test
    void aRegistryThatCannotBeAskedIsA503NeverAPass() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (RunningLedger orphan = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(),
                "registry.events.orphan-" + UUID.randomUUID(), directory.resolve("orphan.pem"),
                Map.of("ledger.registry.url", "http://127.0.0.1:" + closedPort,
                        "ledger.access.service-key", IntrospectionStandIn.SERVICE_KEY))) {
            LedgerHttp auditor = orphan.http.withKey(IntrospectionStandIn.AUDITOR_KEY);
            for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/health")) {
                LedgerHttp.Response refused = auditor.get(path);
                assertThat(refused.status()).as(path).isEqualTo(503);
                assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
                assertThat(refused.header("Retry-After")).isEqualTo("5");
                assertThat(refused.json().get("detail").asText()).contains("cannot check the API key", "cannot be reached");
            }
            // The status needs no registry: the actuator answers it (UP, or DOWN while this ledger's topic is empty).
            LedgerHttp.Response status = orphan.http.get("/actuator/health");
            assertThat(status.header("Content-Type")).doesNotContain("problem");
            assertThat(status.json().get("status").asText()).isIn("UP", "DOWN");
            assertThat(status.json().has("components")).isFalse();
            assertThat(orphan.http.get("/actuator/prometheus").status()).as("no key: refused without asking").isEqualTo(401);
        }
    }

    @Test
    void aServiceKeyTheRegistryRefusesIsNamedIn503s() {
        try (RunningLedger misconfigured = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(),
                "registry.events.wrong-key-" + UUID.randomUUID(), directory.resolve("wrong.pem"),
                Map.of("ledger.access.service-key", "crk_not-the-ledger-service-key"))) {
            LedgerHttp.Response refused = misconfigured.auditor.get("/actuator/prometheus");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("detail").asText()).contains("HTTP 403", "LEDGER_SERVICE_KEY");
        }
    }

    /**
     * The served OpenAPI 3.1 document is the contract: every endpoint it lists is asked, with success and with a
     * refusal where one exists, and each request and answer is checked against the document ({@link ApiContract});
     * an endpoint added without being exercised here fails the last assertion.
     */
    @Test
    void everyEndpointAnswersAsTheServedDocumentSays() {
        ApiContract api = ApiContract.served(ledger.baseUrl()).saveTo(Path.of("target", "openapi", "ledger-anchor.json"));
        assertThat(api.document().path("components").path("schemas").has("Problem")).isTrue();

        api.get("/api/public-key", null).expect(200);
        api.get("/api/checkpoints/latest", null).expect(200);
        api.get("/api/checkpoints/" + EVENTS, null).expect(200);
        api.get("/api/checkpoints/999999", null).expect(404);
        api.get("/api/checkpoints/not-a-size", null).expect(400);
        api.get("/api/checkpoints?after=0&limit=10", null).expect(200);
        api.get("/api/checkpoints?limit=0", null).expect(400);

        api.get("/api/proofs/inclusion?eventId=" + eventId, null).expect(200);
        api.get("/api/proofs/inclusion?eventId=" + eventId + "&treeSize=" + EVENTS, null).expect(200);
        api.get("/api/proofs/inclusion?eventId=not-a-uuid", null).expect(400);
        api.get("/api/proofs/inclusion?eventId=" + UUID.randomUUID(), null).expect(404);
        api.get("/api/proofs/consistency?from=0&to=" + EVENTS, null).expect(200);
        api.get("/api/proofs/consistency?from=" + EVENTS + "&to=0", null).expect(400);
        api.get("/api/proofs/tlog-proof?eventId=" + eventId, null).expect(200);
        api.get("/api/proofs/tlog-proof?eventId=not-a-uuid", null).expect(400);

        api.get("/api/leaves?start=0", null).expect(200);
        api.get("/api/leaves?start=1&end=0", null).expect(400);
        api.get("/api/nodes?level=8&start=0&end=0", null).expect(200);
        api.get("/api/nodes?level=3&start=0&end=1", null).expect(400);
        api.get("/api/quarantine", null).expect(200);
        api.get("/api/quarantine?limit=0", null).expect(400);
        api.get("/api/sequence-anomalies?after=-1&limit=10", null).expect(200);
        api.get("/api/sequence-anomalies?limit=0", null).expect(400);

        api.get("/log/checkpoint", null).expect(200);
        api.get("/log/policy", null).expect(200);

        api.assertEveryOperationExercised();
    }
}
