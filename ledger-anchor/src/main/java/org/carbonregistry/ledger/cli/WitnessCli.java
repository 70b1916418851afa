package org.carbonregistry.ledger.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.SigningKeys;
import org.carbonregistry.ledger.checkpoint.VerifierKey;

/** The jar's {@code witness} command: a small c2sp.org/tlog-witness for one log, on 127.0.0.1. */
final class WitnessCli {

    static final String USAGE = """
            witness --port P --key <pkcs8 pem, created 0600 if missing> --name <witness name> \\
                    --log <origin>=<log vkey> --state <file>
                serves POST /add-checkpoint (c2sp.org/tlog-witness) on 127.0.0.1:P for that log, cosigning with
                cosignature/v1; keeps its last cosigned checkpoint in the state file; prints its vkey at start
            witness --key <file> --name <witness name> --print-vkey
                prints the witness's vkey (creating the key if missing) and exits""";

    private static final Set<String> VALUED = Set.of("--port", "--key", "--name", "--log", "--state");

    private WitnessCli() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        boolean printVkey = false;
        for (int i = 1; i < args.length; i++) {
            if ("--print-vkey".equals(args[i])) {
                printVkey = true;
            } else if (VALUED.contains(args[i]) && i + 1 < args.length) {
                options.put(args[i], args[++i]);
            } else {
                err.println("unknown or incomplete option " + args[i] + "\n" + USAGE);
                return 2;
            }
        }
        if (!options.containsKey("--key") || !options.containsKey("--name")) {
            err.println("--key and --name are required\n" + USAGE);
            return 2;
        }
        try {
            KeyPair key = SigningKeys.loadOrGenerate(Path.of(options.get("--key")));
            if (printVkey) {
                String vkey = VerifierKey.of(options.get("--name"),
                        VerifierKey.TYPE_ED25519_COSIGNATURE,
                        Ed25519.rawPublicKey(key.getPublic())).encode();
                out.println(vkey);
                return 0;
            }
            for (String required : VALUED) {
                if (!options.containsKey(required)) {
                    err.println(required + " is required\n" + USAGE);
                    return 2;
                }
            }
            String log = options.get("--log");
            int eq = log.indexOf('=');
            if (eq <= 0) {
                err.println("--log must be <origin>=<log vkey>");
                return 2;
            }
            WitnessServer witness = new WitnessServer(options.get("--name"), key, key, log.substring(eq + 1),
                    Path.of(options.get("--state")));
            if (!witness.logOrigin().equals(log.substring(0, eq))) {
                err.println("the log vkey's name " + witness.logOrigin() + " is not the origin " + log.substring(0, eq));
                return 2;
            }
            witness.listen(Integer.parseInt(options.get("--port")));
            out.println("witness " + options.get("--name") + " for " + witness.logOrigin() + " at " + witness.url()
                    + " (cosigned size " + witness.size() + ")");
            out.println("vkey " + witness.verifierKey());
            out.flush();
            new CountDownLatch(1).await();
            return 0;
        } catch (IOException | NoteException | NumberFormatException e) {
            err.println("witness: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
