package org.carbonregistry.ledger.verify;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.VerifierKey;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.policy.PolicyException;
import org.carbonregistry.ledger.policy.TlogPolicy;

/**
 * The offline verifier, for auditors: needs the log's public key and the proof files, nothing else.
 *
 * <pre>
 * verify --key &lt;vkey | @file&gt; --proof proof.json [--registry-key &lt;vkey | @file&gt;]
 *        [--beneficiary &lt;text&gt; --salt &lt;base64&gt;] [--purpose &lt;text&gt; --purpose-salt &lt;base64&gt;]
 * verify --tlog-proof event.tlog-proof --policy policy.txt [--event-id &lt;uuid&gt;]
 * verify-consistency --key &lt;vkey | @file&gt; --old cp1.txt --new cp2.txt --proof p.json
 * </pre>
 *
 * Each check is printed as it passes; the first failure is printed with the name of its step.
 * Exit code 0 only when every check passed, 1 when a check failed, 2 for a usage error.
 */
public final class VerifyCli {

    public static final int VERIFIED = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    static final String USAGE = """
            usage:
              verify --key <verifier key | @file> --proof <proof.json> [--registry-key <registry verifier key | @file>]
                     [--beneficiary <text> --salt <base64>] [--purpose <text> --purpose-salt <base64>]
                  proof.json: {"eventId","leafIndex","treeSize","envelope","leafHash","auditPath","checkpoint",
                               "registrySignature","registryKeyId"}
                  --registry-key: the registry must have signed the envelope (registrySignature) with this key
                  --beneficiary/--salt, --purpose/--purpose-salt: the envelope must be a CreditsRetired whose
                      beneficiaryCommitment / purposeCommitment opens to this text with this salt
              verify --tlog-proof <file> --policy <file> [--event-id <uuid>]
                  a c2sp.org/tlog-proof@v1 (GET /api/proofs/tlog-proof) checked against a c2sp.org/tlog-policy
                  (GET /log/policy): log signature, witness cosignatures and quorum, inclusion; --event-id: the
                  entry must be this event
              verify-consistency --key <verifier key | @file> --old <checkpoint> --new <checkpoint> --proof <proof.json>
                  proof.json: {"from","to","path"}
            exit code: 0 verified, 1 a check failed, 2 usage error""";

    private final PrintStream out;
    private final PrintStream err;

    private VerifyCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        VerifyCli cli = new VerifyCli(out, err);
        try {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            if (args.length == 1 && Set.of("-h", "--help", "help").contains(args[0])) {
                out.println(USAGE);
                return VERIFIED;
            }
            return switch (args[0]) {
                case "verify" -> isTlogProof(args)
                        ? cli.verifyTlogProof(options(args, Set.of("tlog-proof", "policy"), Set.of("event-id")))
                        : cli.verifyInclusion(options(args, Set.of("key", "proof"),
                        Set.of("registry-key", "beneficiary", "salt", "purpose", "purpose-salt")));
                case "verify-consistency" -> cli.verifyConsistency(options(args, Set.of("key", "old", "new", "proof"), Set.of()));
                default -> throw new UsageException("unknown command: " + args[0]);
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return USAGE_ERROR;
        } catch (CheckFailed e) {
            err.println("FAILED " + e.step + ": " + e.getMessage());
            return FAILED;
        }
    }

    private int verifyInclusion(Map<String, String> options) throws UsageException, CheckFailed {
        NoteVerifier verifier = verifier(options.get("key"));
        EnvelopeVerifier registryKey = options.containsKey("registry-key") ? registryKey(options.get("registry-key")) : null;
        requireTogether(options, "beneficiary", "salt");
        requireTogether(options, "purpose", "purpose-salt");
        byte[] proofFile = read(options.get("proof"), "--proof");

        InclusionProofDocument proof = check("proof file", () -> InclusionProofDocument.parse(proofFile));
        passed("proof file", "inclusion proof for event " + proof.eventId());

        Checkpoint checkpoint;
        try {
            checkpoint = InclusionVerification.verify(proof, verifier, this::passed);
            if (registryKey != null) {
                InclusionVerification.verifyRegistrySignature(proof, registryKey, this::passed);
            }
            if (options.containsKey("beneficiary")) {
                InclusionVerification.verifyCommitment(proof, "beneficiaryCommitment", options.get("beneficiary"),
                        options.get("salt"), this::passed);
            }
            if (options.containsKey("purpose")) {
                InclusionVerification.verifyCommitment(proof, "purposeCommitment", options.get("purpose"),
                        options.get("purpose-salt"), this::passed);
            }
        } catch (InclusionVerification.Failed failed) {
            throw new CheckFailed(failed.step(), failed.reason());
        }

        out.println("VERIFIED: event " + proof.eventId() + " is leaf " + proof.leafIndex() + " of " + checkpoint.origin()
                + " at tree size " + checkpoint.treeSize());
        return VERIFIED;
    }

    private static boolean isTlogProof(String[] args) {
        return Arrays.stream(args).anyMatch(arg -> arg.equals("--tlog-proof") || arg.startsWith("--tlog-proof="));
    }

    private int verifyTlogProof(Map<String, String> options) throws UsageException, CheckFailed {
        TlogPolicy policy;
        try {
            policy = TlogPolicy.parse(read(options.get("policy"), "--policy"));
        } catch (PolicyException e) {
            throw new UsageException("--policy is not a c2sp.org/tlog-policy: " + e.getMessage());
        }
        byte[] proofFile = read(options.get("tlog-proof"), "--tlog-proof");
        TlogProof proof = check("proof file", () -> TlogProof.parse(proofFile));
        passed("proof file", "tlog-proof for index " + proof.index());

        TlogProofVerification.Result result;
        try {
            result = TlogProofVerification.verify(proof, policy, this::passed);
        } catch (InclusionVerification.Failed failed) {
            throw new CheckFailed(failed.step(), failed.reason());
        }
        if (options.containsKey("event-id")) {
            require(result.eventId().equalsIgnoreCase(options.get("event-id").strip()), "event id",
                    "the proof is for event " + result.eventId() + ", not " + options.get("event-id"));
            passed("event id", result.eventId());
        }
        out.println("VERIFIED: event " + result.eventId() + " is leaf " + result.index() + " of "
                + result.checkpoint().origin() + " at tree size " + result.checkpoint().treeSize() + ", cosigned by "
                + (result.cosignatures().isEmpty() ? "no witness" : String.join(", ", result.cosignatures().keySet()))
                + " (quorum " + policy.quorum() + ")");
        return VERIFIED;
    }

    private int verifyConsistency(Map<String, String> options) throws UsageException, CheckFailed {
        NoteVerifier verifier = verifier(options.get("key"));
        byte[] oldNote = read(options.get("old"), "--old");
        byte[] newNote = read(options.get("new"), "--new");
        byte[] proofFile = read(options.get("proof"), "--proof");

        Checkpoint older = check("old checkpoint signature", () -> verifier.verify(oldNote));
        passed("old checkpoint signature", older.origin() + " at tree size " + older.treeSize());
        Checkpoint newer = check("new checkpoint signature", () -> verifier.verify(newNote));
        passed("new checkpoint signature", newer.origin() + " at tree size " + newer.treeSize());

        require(older.origin().equals(newer.origin()), "origin",
                "the old checkpoint is from " + older.origin() + ", the new one from " + newer.origin());
        passed("origin", older.origin());

        ConsistencyProofDocument proof = check("proof file", () -> ConsistencyProofDocument.parse(proofFile));
        passed("proof file", "consistency proof from " + proof.from() + " to " + proof.to());

        require(proof.from() == older.treeSize() && proof.to() == newer.treeSize(), "tree sizes",
                "the proof is from " + proof.from() + " to " + proof.to() + ", the checkpoints are at "
                        + older.treeSize() + " and " + newer.treeSize());
        passed("tree sizes", older.treeSize() + " to " + newer.treeSize());

        check("consistency proof", () -> {
            ProofVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof.path());
            return null;
        });
        passed("consistency proof", "tree size " + newer.treeSize() + " extends tree size " + older.treeSize());

        out.println("VERIFIED: " + older.origin() + " at tree size " + newer.treeSize()
                + " is an append-only extension of tree size " + older.treeSize());
        return VERIFIED;
    }

    private static NoteVerifier verifier(String keyOption) throws UsageException {
        String key = keyText(keyOption, "--key");
        try {
            return NoteVerifier.fromVerifierKey(key);
        } catch (NoteException e) {
            throw new UsageException("--key is not a valid verifier key: " + e.getMessage());
        }
    }

    private static EnvelopeVerifier registryKey(String keyOption) throws UsageException {
        String key = keyText(keyOption, "--registry-key");
        try {
            return new EnvelopeVerifier(List.of(VerifierKey.parse(key)));
        } catch (NoteException | IllegalArgumentException e) {
            throw new UsageException("--registry-key is not a valid Ed25519 verifier key: " + e.getMessage());
        }
    }

    /** The key itself, or the stripped content of the file named after an {@code @}. */
    private static String keyText(String keyOption, String option) throws UsageException {
        if (keyOption.startsWith("@")) {
            return new String(read(keyOption.substring(1), option), StandardCharsets.UTF_8).strip();
        }
        return keyOption;
    }

    private static void requireTogether(Map<String, String> options, String first, String second) throws UsageException {
        if (options.containsKey(first) != options.containsKey(second)) {
            throw new UsageException("--" + first + " and --" + second + " go together");
        }
    }

    private static byte[] read(String file, String option) throws UsageException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new UsageException("cannot read " + option + " file " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, String> options(String[] args, Set<String> required, Set<String> optional)
            throws UsageException {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            String name;
            String value;
            int equals = arg.indexOf('=');
            if (equals >= 0) {
                name = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!required.contains(name) && !optional.contains(name)) {
                throw new UsageException("unknown option --" + name + " for " + args[0]);
            }
            if (options.put(name, value) != null) {
                throw new UsageException("--" + name + " given twice");
            }
        }
        for (String name : required) {
            if (!options.containsKey(name) || options.get(name).isEmpty()) {
                throw new UsageException(args[0] + " needs --" + name);
            }
        }
        for (String name : optional) {
            // An empty text is a valid beneficiary or purpose; a key or salt is never empty.
            if (options.containsKey(name) && options.get(name).isEmpty() && !Set.of("beneficiary", "purpose").contains(name)) {
                throw new UsageException("--" + name + " needs a value");
            }
        }
        return options;
    }

    private void passed(String step, String detail) {
        out.println("ok " + step + ": " + detail);
    }

    private static void require(boolean condition, String step, String failure) throws CheckFailed {
        if (!condition) {
            throw new CheckFailed(step, failure);
        }
    }

    private static <T> T check(String step, Check<T> check) throws CheckFailed {
        try {
            return check.run();
        } catch (NoteException | ProofException | ProofDocumentException e) {
            throw new CheckFailed(step, e.getMessage());
        }
    }

    @FunctionalInterface
    private interface Check<T> {
        T run() throws NoteException, ProofException, ProofDocumentException;
    }

    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final class CheckFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final String step;

        CheckFailed(String step, String message) {
            super(message);
            this.step = step;
        }
    }
}
