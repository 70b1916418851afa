package org.carbonregistry.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.testing.RunningLedger;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.TestWitness;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.witness.WitnessClient;
import org.carbonregistry.ledger.witness.WitnessEndpoint;
import org.carbonregistry.ledger.witness.WitnessPublisher;
import org.carbonregistry.ledger.witness.WitnessedCheckpoints;
import org.carbonregistry.monitor.MonitorCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outside monitor against this service as it runs: checkpoints cosigned by a real witness, the policy, tiles and
 * leaves as {@code /log/...} and {@code /api/leaves} serve them. The leaves are written with the ledger's own writer
 * (sequencer off), signed by the test registry key; a second retirement of the same serials must be named.
 */
// slow: CI runs it once, on H2; its database work (tiles from the ledger's tables) is TiledLogIT's, which runs on PostgreSQL too
@Tag("slow")
class MonitorAgainstLedgerIT {

    @TempDir
    Path directory;

    @Test
    void theMonitorPassesAnHonestLogAndNamesARetirementOfRetiredSerials() throws Exception {
        TestDatabase database = TestDatabase.create();
        var key = Ed25519.generate();
        Path keyFile = directory.resolve("signing-key.pem");
        SigningKeys.write(keyFile, key.getPrivate());
        try (TestDatabase.Connected db = database.connect()) {
            WriterFixture fixture = new WriterFixture(db, key);
            try (TestWitness witness = TestWitness.start("witness.test/w1", fixture.signer.verifierKey())) {
                check(database, keyFile, fixture, witness);
            }
        }
    }

    /** Leaves written by the ledger's own writer, sealed, cosigned by the witness and served by the running ledger. */
    private void check(TestDatabase database, Path keyFile, WriterFixture fixture, TestWitness witness) throws Exception {
        LedgerWriter writer = fixture.openWriter("sequencer", 1_000_000);
        List<WitnessEndpoint> endpoints = WitnessEndpoint.parseAll(witness.configEntry());
        try (WitnessPublisher publisher = new WitnessPublisher(endpoints, fixture.storage,
                new WitnessedCheckpoints(fixture.signer, fixture.storage.checkpoints(), endpoints, "any"),
                new WitnessClient(HttpClient.newHttpClient(), Duration.ofSeconds(5)), Duration.ofMillis(100),
                Duration.ofMillis(500), new SimpleMeterRegistry());
             RunningLedger ledger = RunningLedger.start(database, "127.0.0.1:1", "unused", keyFile, Map.of(
                     "ledger.sequencer.enabled", "false", "ledger.witness.witnesses", witness.configEntry(),
                     "ledger.witness.quorum", "any"))) {
            writer.addListener(publisher);
            Path policy = directory.resolve("policy.txt");
            Files.writeString(policy, ledger.http.get("/log/policy").body());
            List<String> arguments = List.of("--log", ledger.baseUrl(), "--policy", policy.toString(),
                    "--registry-key", TestRegistry.verifierKey(), "--state", directory.resolve("state").toString());

            append(writer, 0, envelope(0, issued()), envelope(1, retired(UUID.randomUUID())));
            awaitCosigned(fixture, 2);
            String[] clean = run(arguments);

            UUID again = UUID.randomUUID();
            append(writer, 2, envelope(2, retired(again)));
            awaitCosigned(fixture, 3);
            String[] violation = run(arguments);

            assertThat(clean[0]).as(clean[1]).isEqualTo("0");
            assertThat(clean[1]).contains("tree size 2", "witness.test/w1", "CLEAN");
            assertThat(violation[0]).as(violation[1]).isEqualTo("1");
            assertThat(violation[1]).contains("VIOLATION moved-after-retirement at leaf 2 event " + again);
        }
    }

    private static void append(LedgerWriter writer, long offset, byte[]... envelopes) {
        List<IncomingRecord> records = new ArrayList<>();
        for (byte[] envelope : envelopes) {
            records.add(TestRegistry.signedRecord("registry.events", 0, offset + records.size(), envelope));
        }
        writer.append(records);
        writer.sealNow().orElseThrow();
    }

    private static void awaitCosigned(WriterFixture fixture, long size) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !fixture.storage.checkpoints().cosignatures(size).isEmpty());
    }

    private static CreditsIssued issued() {
        return new CreditsIssued(UUID.randomUUID(), Instant.parse("2026-01-02T03:04:05Z"), "batch-1", "project-1",
                Standard.VCS, "BR", ProjectCategory.REDUCTION, null, LocalDate.of(2023, 1, 1), LocalDate.of(2023, 12, 31),
                100, "acme", "VCS-PROJECT1-2023", List.of(new SerialBlock(1, 100)), List.of(), false);
    }

    private static CreditsRetired retired(UUID eventId) {
        return new CreditsRetired(eventId, Instant.parse("2026-01-02T03:04:06Z"), "batch-1", UUID.randomUUID().toString(),
                "acme", 10, List.of(new SerialBlock(1, 10)), "c", "c", 2025, "DE");
    }

    private static byte[] envelope(long sequence, RegistryEvent event) {
        return EventEnvelope.of(event, "batch-1", sequence, "registry-admin").canonicalBytes();
    }

    /** The exit code and what the monitor printed. */
    private static String[] run(List<String> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = MonitorCli.run(arguments.toArray(String[]::new), print, print);
        return new String[] {String.valueOf(exit), out.toString(StandardCharsets.UTF_8)};
    }
}
