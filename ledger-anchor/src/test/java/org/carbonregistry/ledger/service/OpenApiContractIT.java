package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.openapi.ApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served OpenAPI 3.1 document is the contract: a ledger over a real broker and database, with a few events
 * checkpointed, is asked every endpoint the document lists, with success and with a refusal where one exists, and each
 * request and answer is checked against the document ({@link ApiContract}). An endpoint added without being
 * exercised here fails the last assertion.
 */
@ExtendWith(SharedKafka.Extension.class)
class OpenApiContractIT {

    private static final int EVENTS = 3;

    @TempDir
    static Path directory;
    static RunningLedger ledger;
    static String eventId;

    @BeforeAll
    static void ledgerWithEvents() {
        String topic = "registry.events.openapi-" + UUID.randomUUID();
        ledger = RunningLedger.start(TestDatabase.create(), SharedKafka.bootstrapServers(), topic,
                directory.resolve("key.pem"), Map.of());
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
