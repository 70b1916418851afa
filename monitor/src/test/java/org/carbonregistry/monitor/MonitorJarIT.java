package org.carbonregistry.monitor;

import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.monitor.testlog.MonitorRun;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.carbonregistry.monitor.testlog.TestLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged jar, run as an auditor runs it: {@code java -jar monitor.jar ...}, its own JVM, nothing else. */
// No database: CI's PostgreSQL pass leaves it out (tag "no-database").
@Tag("no-database")
class MonitorJarIT {

    private static final Path JAR = Path.of("target", "monitor.jar");

    @TempDir
    Path directory;

    @Test
    void theJarChecksALogAndNamesTheFirstViolation() throws Exception {
        TestEvents events = new TestEvents();
        try (TestLog log = new TestLog(1)) {
            log.append(events.issue("batch-1", "acme", 1, 100));
            log.append(events.retire("batch-1", "acme", 1, 10, 2025));
            log.checkpoint(1);
            Path state = directory.resolve("state");

            Result clean = java(MonitorRun.arguments(log, directory, 1, "--state", state.toString()));
            EventEnvelope again = events.retire("batch-1", "acme", 1, 10, 2025);
            log.append(again);
            log.checkpoint(1);
            Result violation = java(MonitorRun.arguments(log, directory, 1, "--state", state.toString()));
            Result usage = java(List.of("--log"));

            assertThat(clean.exit()).as(clean.output()).isZero();
            assertThat(clean.output()).contains("CLEAN");
            assertThat(violation.exit()).as(violation.output()).isEqualTo(1);
            assertThat(violation.output()).contains("VIOLATION moved-after-retirement at leaf 2 event " + again.eventId());
            assertThat(usage.exit()).isEqualTo(2);
            assertThat(usage.output()).contains("error: --log needs a value");
        }
    }

    private record Result(int exit, String output) {
    }

    private Result java(List<String> arguments) throws Exception {
        assertThat(JAR).as("mvn package builds target/monitor.jar").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(arguments);
        Path output = Files.createTempFile(directory, "monitor", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }
}
