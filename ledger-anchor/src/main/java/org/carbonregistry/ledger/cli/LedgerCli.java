package org.carbonregistry.ledger.cli;

import java.io.PrintStream;
import java.util.Set;
import org.carbonregistry.ledger.audit.AuditCli;
import org.carbonregistry.ledger.verify.VerifyCli;

/** Dispatches the jar's commands: {@code verify}, {@code verify-consistency} (offline) and {@code audit} (against a server) and {@code witness} (a small local witness). */
public final class LedgerCli {

    private static final Set<String> VERIFY_COMMANDS = Set.of("verify", "verify-consistency");
    private static final Set<String> COMMANDS = Set.of("verify", "verify-consistency", "audit", "witness", "help", "--help", "-h");

    private LedgerCli() {
    }

    public static boolean isCommand(String argument) {
        return COMMANDS.contains(argument);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (VERIFY_COMMANDS.contains(args[0])) {
            return VerifyCli.run(args, out, err);
        }
        if ("audit".equals(args[0])) {
            return AuditCli.run(args, out, err);
        }
        if ("witness".equals(args[0])) {
            return WitnessCli.run(args, out, err);
        }
        VerifyCli.run(new String[] {"--help"}, out, err);
        out.println(AuditCli.USAGE);
        out.println(WitnessCli.USAGE);
        out.println("anything else starts the ledger-anchor service");
        return 0;
    }
}
