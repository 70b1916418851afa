package org.carbonregistry.monitor.testlog;

import org.carbonregistry.monitor.MonitorCli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of the monitor's command line against a {@link TestLog}, with what it printed. */
public record MonitorRun(int exit, String out, String err) {

    /** The arguments an auditor would give: the log, a policy file, the registry key, and {@code extra}. */
    public static List<String> arguments(TestLog log, Path directory, int quorum, String... extra) throws IOException {
        Path policy = directory.resolve("policy.txt");
        Files.writeString(policy, log.policy(quorum));
        List<String> arguments = new ArrayList<>(List.of("--log", log.url(), "--policy", policy.toString(),
                "--registry-key", log.registryKey()));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    public static MonitorRun of(TestLog log, Path directory, String... extra) throws IOException {
        return of(arguments(log, directory, 1, extra));
    }

    public static MonitorRun of(List<String> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MonitorCli.run(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new MonitorRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n" + out + err;
    }
}
