package org.carbonregistry.kafka.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link LocalKafkaMain} as a real child JVM, the way {@code ./registry up} does. */
class LocalKafkaMainProcessTest {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final int SIGTERM_EXIT_CODE = 128 + 15;

    @TempDir
    Path workDir;

    private BrokerProcess broker;

    @AfterEach
    void killLeftoverProcess() {
        if (broker != null) {
            broker.process.destroyForcibly();
        }
    }

    @Test
    void servesClientsRefusesASecondBrokerAndStopsCleanlyOnSigterm(@TempDir Path otherWorkDir) throws Exception {
        int[] ports = LoopbackPorts.resolve(0, 0);
        broker = BrokerProcess.launch(workDir, ports[0], ports[1]);

        String readyLine = broker.awaitLineStartingWith(LocalKafkaMain.READY_PREFIX, READY_TIMEOUT);
        assertThat(readyLine).isEqualTo("Kafka broker ready at 127.0.0.1:" + ports[0]);

        String bootstrap = "127.0.0.1:" + ports[0];
        TestClients.sendAndWait(bootstrap, "from-process-test", List.of("one", "two"));
        assertThat(TestClients.values(TestClients.consume(bootstrap, "from-process-test", "read_committed", 2,
                Duration.ofSeconds(30)))).containsExactlyInAnyOrder("one", "two");

        BrokerProcess intruder = BrokerProcess.launch(otherWorkDir, ports[0], LoopbackPorts.resolve(0, 0)[1]);
        assertThat(intruder.process.waitFor(60, TimeUnit.SECONDS)).as("second broker gives up").isTrue();
        assertThat(intruder.process.exitValue()).isEqualTo(LocalKafkaMain.EXIT_PORT_IN_USE);
        assertThat(intruder.output()).contains("127.0.0.1:" + ports[0] + " (Kafka listener) is already in use");

        broker.process.destroy(); // SIGTERM

        assertThat(broker.process.waitFor(60, TimeUnit.SECONDS)).as("broker exits after SIGTERM").isTrue();
        assertThat(broker.process.exitValue()).isEqualTo(SIGTERM_EXIT_CODE);
        assertThat(broker.awaitLineStartingWith(LocalKafkaMain.STOPPED_LINE, Duration.ofSeconds(5)))
                .as("shutdown hook stopped the broker cleanly").isEqualTo(LocalKafkaMain.STOPPED_LINE);
        assertThat(LoopbackPorts.isFree(ports[0])).isTrue();
    }

    /** A child JVM running {@link LocalKafkaMain}; its merged output goes to a file that is read while it runs. */
    private record BrokerProcess(Process process, Path outputFile) {

        // A file rather than a pipe: the JDK closes a finished child's pipe under a concurrent reader.
        /** Kafka data goes to {@code workDir/kafka}, the process output to {@code workDir/output.log}. */
        static BrokerProcess launch(Path workDir, int port, int controllerPort) throws IOException {
            Path outputFile = workDir.resolve("output.log");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process process = new ProcessBuilder(
                    java.toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    LocalKafkaMain.class.getName(),
                    "--data", workDir.resolve("kafka").toString(),
                    "--port", String.valueOf(port),
                    "--controller-port", String.valueOf(controllerPort))
                    .redirectErrorStream(true)
                    .redirectOutput(outputFile.toFile())
                    .start();
            return new BrokerProcess(process, outputFile);
        }

        String awaitLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                boolean exited = !process.isAlive();
                Optional<String> line = output().lines().filter(candidate -> candidate.startsWith(prefix)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                if (exited || System.nanoTime() > deadline) {
                    throw new AssertionError("no line starting with '" + prefix + "' within " + timeout
                            + (exited ? " (process exited)" : "") + "; output:\n" + output());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }

        String output() {
            try {
                return Files.readString(outputFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        }
    }
}
