package org.carbonregistry.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.policy.PolicyException;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.tiles.HttpTileSource;
import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.monitor.reporting.ReportingCheck;
import org.carbonregistry.monitor.state.StateStore;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code java -jar monitor.jar --log <url> --policy <file> --registry-key <vkey|@file> ...}; see {@link #USAGE}. */
public final class MonitorCli {

    public static final int CLEAN = 0;
    public static final int VIOLATION = 1;
    public static final int USAGE_ERROR = 2;
    /** The log (or reporting) could not be read, or the state not written: nothing was concluded. */
    public static final int CANNOT_CHECK = 3;

    static final String USAGE = """
            usage: monitor --log <ledger url> --policy <c2sp.org/tlog-policy file> --registry-key <verifier key | @file>
                           [--reporting <url> --key <api key>] [--state <dir>] [--json]
                           [--save-interval <seconds>] [--witness-wait <seconds>]
              checks the log's latest checkpoint (the log's signature, a quorum of the policy's witnesses), its
              consistency with the checkpoint verified last, and replays every new leaf against the registry's
              rules; with --reporting, compares every account's retired tonnes per year with the ESRS E1-7 reports.
              --state keeps the verified checkpoint and the derived registry between runs (progress is saved at
              most every --save-interval seconds, default 30, so a killed run resumes). A checkpoint not yet
              cosigned by the quorum is fetched again each second for --witness-wait seconds (default 30).
              exit code: 0 clean, 1 a finding (the first is named), 2 usage error, 3 the log could not be read""";

    private static final Set<String> FLAGS = Set.of("json");
    private static final Set<String> OPTIONS = Set.of("log", "policy", "registry-key", "reporting", "key", "state",
            "save-interval", "witness-wait");

    private MonitorCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        Monitor monitor;
        try {
            options = parse(args);
            TlogPolicy policy = TlogPolicy.parse(read(require(options, "policy"), "policy").getBytes(StandardCharsets.UTF_8));
            EnvelopeVerifier registryKey = EnvelopeVerifier.parse(valueOrFile(require(options, "registry-key"), "registry key"));
            if (options.containsKey("reporting") != options.containsKey("key")) {
                throw new IllegalArgumentException("--reporting and --key go together");
            }
            ReportingCheck reporting = options.containsKey("reporting")
                    ? new ReportingCheck(options.get("reporting"), valueOrFile(options.get("key"), "API key")) : null;
            Duration saveInterval = seconds(options, "save-interval", "30");
            Duration witnessWait = seconds(options, "witness-wait", "30");
            StateStore store = new StateStore(options.containsKey("state") ? Path.of(options.get("state")) : null);
            String log = require(options, "log");
            monitor = new Monitor(new Monitor.Settings(new LogClient(log), HttpTileSource.of(prefix(log) + "/log"), policy,
                    registryKey, store, saveInterval, witnessWait, reporting));
        } catch (IllegalArgumentException | NoteException | PolicyException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        }
        Monitor.Outcome outcome;
        try {
            outcome = monitor.run();
        } catch (LogClient.Unreachable | UncheckedIOException e) {
            err.println("error: cannot check: " + e.getMessage());
            return CANNOT_CHECK;
        }
        if (options.containsKey("json")) {
            printJson(outcome, out);
        } else {
            printText(outcome, out);
        }
        return outcome.clean() ? CLEAN : VIOLATION;
    }

    private static void printText(Monitor.Outcome outcome, PrintStream out) {
        out.println("checkpoint: tree size " + outcome.treeSize() + ", root " + outcome.rootHash() + ", cosigned by "
                + outcome.cosigners());
        out.println("replayed: " + outcome.replayedLeaves() + " new leaves"
                + (outcome.unsignedLeaves() == 0 ? "" : "; " + outcome.unsignedLeaves()
                + " leaves carry no registry signature (logged before the registry signed events)"));
        if (outcome.reportsCompared() > 0) {
            out.println("reporting: " + outcome.reportsCompared() + " account-years compared");
        }
        if (outcome.clean()) {
            out.println("CLEAN: no findings");
            return;
        }
        for (Finding finding : outcome.findings()) {
            out.println("VIOLATION " + finding.describe());
        }
        if (outcome.findingCount() > outcome.findings().size()) {
            out.println("... " + (outcome.findingCount() - outcome.findings().size()) + " more findings not kept");
        }
    }

    private static void printJson(Monitor.Outcome outcome, PrintStream out) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode report = json.createObjectNode();
        report.put("status", outcome.clean() ? "clean" : "violations");
        report.setAll((ObjectNode) json.valueToTree(outcome));
        out.println(report.toPrettyString());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (FLAGS.contains(name)) {
                options.put(name, "true");
            } else if (OPTIONS.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Duration seconds(Map<String, String> options, String name, String defaultValue) {
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault(name, defaultValue)));
        if (duration.isNegative()) {
            throw new IllegalArgumentException("--" + name + " must not be negative");
        }
        return duration;
    }

    private static String prefix(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A value given inline, or {@code @file} to read it from a file (keys stay out of the process list). */
    private static String valueOrFile(String value, String what) {
        return value.startsWith("@") ? read(value.substring(1), what).strip() : value;
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
    }
}
