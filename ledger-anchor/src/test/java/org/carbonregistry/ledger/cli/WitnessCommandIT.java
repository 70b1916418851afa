package org.carbonregistry.ledger.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteSigner;
import org.carbonregistry.ledger.testing.CliProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's {@code witness} command as a process: it cosigns, and what it cosigned survives a restart. */
// No database: CI's PostgreSQL pass leaves it out (tag "no-database").
@Tag("no-database")
class WitnessCommandIT {

    private static final String ORIGIN = "example.org/witness-command-it";
    private final NoteSigner log = new NoteSigner(ORIGIN, Ed25519.generate());
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void cosignsPersistsAndRefusesAnOlderCheckpointAfterARestart() throws Exception {
        Path key = dir.resolve("witness.pem");
        Path state = dir.resolve("witness.state");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String printed = CliProcess.run("witness", "--key", key.toString(), "--name", "local-witness", "--print-vkey")
                .output().trim();
        assertThat(printed).startsWith("local-witness+");
        assertThat(Files.getPosixFilePermissions(key))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

        String five = log.sign(Checkpoint.first(ORIGIN, 5, hash(5)));
        Process witness = start(key, state, port, printed);
        try {
            HttpResponse<String> first = post(port, "old 0\n\n" + five);
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).startsWith("— local-witness ");
            String cosigned = five + first.body();
            assertThat(CosignatureVerifier.fromVerifierKey(printed).verify(cosigned)).isNotNull();
        } finally {
            witness.destroy();
            witness.waitFor();
        }
        assertThat(Files.readString(state)).isEqualTo(Checkpoint.first(ORIGIN, 5, hash(5)).noteText());

        witness = start(key, state, port, printed);
        try {
            HttpResponse<String> older = post(port, "old 0\n\n" + log.sign(Checkpoint.first(ORIGIN, 3, hash(3))));
            assertThat(older.statusCode()).isEqualTo(409);
            assertThat(older.headers().firstValue("Content-Type")).hasValue("text/x.tlog.size");
            assertThat(older.body()).isEqualTo("5\n");
            assertThat(post(port, "old 5\n\n" + five).statusCode()).isEqualTo(200);
            String forked = log.sign(Checkpoint.first(ORIGIN, 5, hash(6)));
            assertThat(post(port, "old 5\n\n" + forked).statusCode()).isEqualTo(409);
        } finally {
            witness.destroy();
            witness.waitFor();
        }
    }

    private Process start(Path key, Path state, int port, String vkey) throws Exception {
        List<String> command = CliProcess.quickJvm("128m");
        command.addAll(List.of("-jar", CliProcess.execJar().toString(), "witness", "--port", String.valueOf(port),
                "--key", key.toString(), "--name", "local-witness", "--log", ORIGIN + "=" + log.verifierKey(),
                "--state", state.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("vkey ")) {
                assertThat(line).isEqualTo("vkey " + vkey);
                return process;
            }
        }
        throw new AssertionError("the witness ended before listening, exit " + process.waitFor());
    }

    private HttpResponse<String> post(int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/add-checkpoint"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] hash(int fill) {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) fill);
        return hash;
    }
}
