package org.carbonregistry.ledger.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.EventProducer;
import org.carbonregistry.ledger.testing.LedgerHttp;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.carbonregistry.ledger.verify.InclusionVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two instances on one database: one sequences, the other serves proofs read-only and takes over when it stops. */
@ExtendWith(SharedKafka.Extension.class)
class StandbyTakeoverIT {

    @TempDir
    Path directory;

    @Test
    void theStandbyServesProofsAndTakesOverWhenTheSequencerStops() throws Exception {
        TestDatabase database = TestDatabase.create();
        String topic = "registry.events.standby-" + UUID.randomUUID();
        Path key = directory.resolve("shared-key.pem");
        List<byte[]> envelopes = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            envelopes.add(Envelopes.accountOpened(i));
        }
        RunningLedger sequencer = start(database, topic, key, "first");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> "SEQUENCER".equals(role(sequencer.auditor)));
            try (RunningLedger standby = start(database, topic, key, "second");
                 EventProducer producer = new EventProducer(SharedKafka.bootstrapServers(), topic)) {
                assertThat(role(standby.auditor)).isEqualTo("STANDBY");
                assertThat(standby.http.get("/actuator/health/readiness").json().get("status").asText()).isEqualTo("UP");

                producer.sendAll(envelopes.subList(0, 200));
                await().atMost(Duration.ofSeconds(60)).until(() -> sequencer.http.checkpointedSize() == 200);

                String eventId = Envelopes.eventIdOf(envelopes.get(5));
                InclusionProofDocument proof = InclusionProofDocument.parse(
                        standby.http.get("/api/proofs/inclusion?eventId=" + eventId).bytes());
                InclusionVerification.verify(proof, NoteVerifier.fromVerifierKey(standby.http.get("/api/public-key").body().strip()));
                assertThat(role(standby.auditor)).as("the standby only reads").isEqualTo("STANDBY");

                sequencer.close(); // a graceful stop releases the lease
                producer.sendAll(envelopes.subList(200, 400));
                await().atMost(Duration.ofSeconds(60)).until(() -> standby.http.checkpointedSize() == 400);
                assertThat(role(standby.auditor)).isEqualTo("SEQUENCER");

                Set<String> eventIds = new HashSet<>();
                standby.http.get("/api/leaves?start=0&end=400").json().get("leaves")
                        .forEach(leaf -> eventIds.add(leaf.get("eventId").asText()));
                assertThat(eventIds).hasSize(400);
                PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
                assertThat(AuditCli.run(new String[] {"audit", "--url", standby.baseUrl(), "--key",
                        standby.http.get("/api/public-key").body().strip()}, quiet, System.err)).isZero();
            }
        } finally {
            sequencer.close();
        }
    }

    private static RunningLedger start(TestDatabase database, String topic, Path key, String instance) {
        return RunningLedger.start(database, SharedKafka.bootstrapServers(), topic, key,
                Map.of("ledger.sequencer.instance-id", instance, "ledger.sequencer.lease-duration", "3s"));
    }

    private static String role(LedgerHttp http) {
        return http.get("/actuator/health").json().path("components").path("sequencer").path("details").path("role").asText();
    }
}
