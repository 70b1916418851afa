package org.carbonregistry.ledger.audit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One {@code audit} command line run in this JVM: its exit code and what it printed. */
record AuditRun(int exitCode, String out, String err) {

    static AuditRun of(String url, String logKey, String... extra) {
        List<String> args = new ArrayList<>(List.of("audit", "--url", url, "--key", logKey));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new AuditRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
