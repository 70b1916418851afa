package org.carbonregistry.ledger.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the ledger's runnable jar as a separate process, as an operator or auditor would. */
public final class CliProcess {

    private CliProcess() {
    }

    /** The runnable (exec) jar built by this module's package phase. */
    public static Path execJar() {
        String jar = System.getProperty("ledger.exec-jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property ledger.exec-jar must name the built exec jar, was " + jar
                    + " (run through failsafe: ./mvnw -pl ledger-anchor verify)");
        }
        return Path.of(jar);
    }

    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java} with options for a child JVM that must start fast and runs briefly: only the C1 compiler (C2's
     * work on Spring's start-up never pays back within a test and competes for the machine's two cores), the serial
     * collector, and the JDK's class-data archive.
     */
    public static List<String> quickJvm(String maxHeap) {
        return new ArrayList<>(List.of(java(), "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    }

    public record Result(int exitCode, String output) {
    }

    /** {@code java -jar ledger-anchor-exec.jar <args>}, waiting for it to end. */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = quickJvm("256m");
        command.addAll(List.of("-jar", execJar().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the CLI did not end: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
