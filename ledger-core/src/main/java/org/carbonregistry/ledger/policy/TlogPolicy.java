package org.carbonregistry.ledger.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.Cosignature;
import org.carbonregistry.ledger.checkpoint.CosignatureVerifier;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.checkpoint.VerifierKey;

/**
 * A c2sp.org/tlog-policy: logs ({@code log <vkey> [<url>]}), witnesses ({@code witness <name> <vkey> [<url>]}),
 * groups ({@code group <name> all|any|<k> <member>...}) and exactly one {@code quorum <name>|none}. A checkpoint is
 * valid under the policy when one of the logs whose key name is its origin signed it and the witnesses that
 * cosigned it satisfy the quorum. Only Ed25519 log keys (type 0x01) and Ed25519 cosignature keys (type 0x04) are
 * supported, the ones this ledger and the public witness network use; any other key type is refused, not ignored.
 */
public record TlogPolicy(List<Log> logs, List<Witness> witnesses, List<Group> groups, String quorum) {

    /** The predefined quorum that needs no cosignature. */
    public static final String NONE = "none";

    public record Log(VerifierKey key, String url) {
        public Log {
            Objects.requireNonNull(key, "key");
        }
    }

    public record Witness(String name, VerifierKey key, String url) {
        public Witness {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Satisfied when at least {@code threshold} of its members (witnesses or earlier groups) are. */
    public record Group(String name, int threshold, List<String> members) {
        public Group {
            members = List.copyOf(members);
        }
    }

    /**
     * What {@link #verify} established: the checkpoint, the log that signed it, and the valid cosignature of every
     * listed witness that cosigned, by the witness's name in the policy.
     */
    public record Verified(Checkpoint checkpoint, Log log, Map<String, Cosignature> cosignatures, boolean quorumMet) {
        public Verified {
            cosignatures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cosignatures));
        }
    }

    /** Refused with the rule that {@code encode()} and {@link #parse} both enforce. */
    public TlogPolicy {
        logs = List.copyOf(logs);
        witnesses = List.copyOf(witnesses);
        groups = List.copyOf(groups);
        Objects.requireNonNull(quorum, "quorum");
        try {
            validate(logs, witnesses, groups, quorum);
        } catch (PolicyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * The usual single-log policy: {@code rule} is {@code none}, {@code any}, {@code all} or a number k of the
     * witnesses. One witness is named as the quorum itself; several form the group {@code groupName}.
     */
    public static TlogPolicy of(VerifierKey log, List<Witness> witnesses, String rule, String groupName) {
        List<Log> logs = List.of(new Log(log, null));
        if (NONE.equals(rule) || witnesses.isEmpty()) {
            if (!NONE.equals(rule)) {
                throw new IllegalArgumentException("a quorum of '" + rule + "' needs witnesses; there are none");
            }
            return new TlogPolicy(logs, witnesses, List.of(), NONE);
        }
        int threshold = switch (rule) {
            case "any" -> 1;
            case "all" -> witnesses.size();
            default -> {
                try {
                    yield Integer.parseInt(rule);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("quorum must be none, any, all or a number of witnesses, was '" + rule + "'");
                }
            }
        };
        if (witnesses.size() == 1 && threshold == 1) {
            return new TlogPolicy(logs, witnesses, List.of(), witnesses.get(0).name());
        }
        Group group = new Group(groupName, threshold, witnesses.stream().map(Witness::name).toList());
        return new TlogPolicy(logs, witnesses, List.of(group), groupName);
    }

    /** The policy file: logs, witnesses, groups, then the quorum line. */
    public String encode() {
        StringBuilder text = new StringBuilder();
        for (Log log : logs) {
            text.append("log ").append(log.key().encode()).append(log.url() == null ? "" : " " + log.url()).append('\n');
        }
        for (Witness witness : witnesses) {
            text.append("witness ").append(witness.name()).append(' ').append(witness.key().encode())
                    .append(witness.url() == null ? "" : " " + witness.url()).append('\n');
        }
        for (Group group : groups) {
            int n = group.members().size();
            String threshold = group.threshold() == n ? "all" : group.threshold() == 1 ? "any" : String.valueOf(group.threshold());
            text.append("group ").append(group.name()).append(' ').append(threshold).append(' ')
                    .append(String.join(" ", group.members())).append('\n');
        }
        return text.append("quorum ").append(quorum).append('\n').toString();
    }

    /** Parses a policy file (UTF-8 or any octets; see the spec's character set). */
    public static TlogPolicy parse(byte[] file) throws PolicyException {
        for (int i = 0; i < file.length; i++) {
            int octet = file[i] & 0xFF;
            if (octet != '\t' && octet != '\n' && (octet < 0x20 || octet == 0x7F)) {
                throw new PolicyException("byte " + i + " of the policy is the control character 0x"
                        + Integer.toHexString(octet) + "; only tab and newline are allowed");
            }
        }
        // ISO-8859-1 maps each octet to one char: names with high octets stay opaque, as the spec asks.
        return parse(new String(file, StandardCharsets.ISO_8859_1));
    }

    static TlogPolicy parse(String file) throws PolicyException {
        List<Log> logs = new ArrayList<>();
        List<Witness> witnesses = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        String quorum = null;
        String[] lines = file.split("\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            // Whitespace is ASCII space and tab only (not String.strip's Unicode notion).
            String line = lines[number - 1].replaceAll("^[ \t]+|[ \t]+$", "");
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] items = line.split("[ \t]+");
            String where = "line " + number + " (" + items[0] + "): ";
            switch (items[0]) {
                case "log" -> {
                    requireItems(items, 2, 3, where + "log <vkey> [<url>]");
                    logs.add(new Log(key(items[1], where), items.length == 3 ? items[2] : null));
                }
                case "witness" -> {
                    requireItems(items, 3, 4, where + "witness <name> <vkey> [<url>]");
                    witnesses.add(new Witness(items[1], key(items[2], where), items.length == 4 ? items[3] : null));
                }
                case "group" -> {
                    if (items.length < 4) {
                        throw new PolicyException(where + "a group is group <name> all|any|<k> <member>...");
                    }
                    List<String> members = Arrays.asList(items).subList(3, items.length);
                    int threshold = switch (items[2]) {
                        case "all" -> members.size();
                        case "any" -> 1;
                        default -> {
                            if (!items[2].matches("[1-9][0-9]{0,8}")) {
                                throw new PolicyException(where + "the threshold '" + items[2] + "' is not all, any or a decimal k");
                            }
                            yield Integer.parseInt(items[2]);
                        }
                    };
                    groups.add(new Group(items[1], threshold, members));
                }
                case "quorum" -> {
                    requireItems(items, 2, 2, where + "quorum <name>");
                    if (quorum != null) {
                        throw new PolicyException(where + "a policy has exactly one quorum line");
                    }
                    quorum = items[1];
                }
                default -> throw new PolicyException(where + "unknown keyword; a line is log, witness, group, quorum or a # comment");
            }
            // Names must be defined before use, so check the order as we go.
            validate(logs, witnesses, groups, quorum == null ? NONE : quorum);
        }
        if (quorum == null) {
            throw new PolicyException("the policy has no quorum line (use 'quorum none' to require no cosignatures)");
        }
        return new TlogPolicy(logs, witnesses, groups, quorum);
    }

    /** The log whose key name is {@code origin}, if the policy lists one. */
    public Optional<Log> logFor(String origin) {
        return logs.stream().filter(log -> log.key().name().equals(origin)).findFirst();
    }

    /** Whether cosignatures by exactly these witnesses satisfy the quorum. */
    public boolean quorumMet(Set<String> cosigners) {
        return satisfied(quorum, cosigners);
    }

    /**
     * Verifies a checkpoint under this policy: signed by the log named by its origin, every cosignature by a listed
     * witness valid (a cosignature line that claims a listed witness but does not verify fails the whole note, as an
     * invalid signature by a known key does in signed-note), then the quorum is evaluated over the valid ones.
     */
    public Verified verify(String signedNote) throws NoteException {
        SignedNote note = SignedNote.parse(signedNote);
        String origin = note.text().substring(0, note.text().indexOf('\n'));
        Log log = logFor(origin).orElseThrow(() -> new NoteException(NoteException.Reason.UNKNOWN_KEY,
                "the checkpoint's origin " + origin + " is not a log of the policy (it lists " + logs.stream()
                        .map(l -> l.key().name()).toList() + ")"));
        Checkpoint checkpoint = logVerifier(log).verify(signedNote);
        Map<String, Cosignature> cosignatures = new LinkedHashMap<>();
        for (Witness witness : witnesses) {
            if (!note.signaturesBy(witness.key()).isEmpty()) {
                cosignatures.put(witness.name(), witnessVerifier(witness).verify(signedNote));
            }
        }
        return new Verified(checkpoint, log, cosignatures, quorumMet(cosignatures.keySet()));
    }

    private boolean satisfied(String name, Set<String> cosigners) {
        if (NONE.equals(name)) {
            return true;
        }
        for (Group group : groups) {
            if (group.name().equals(name)) {
                return group.members().stream().filter(member -> satisfied(member, cosigners)).count() >= group.threshold();
            }
        }
        return cosigners.contains(name);
    }

    private static NoteVerifier logVerifier(Log log) throws NoteException {
        return NoteVerifier.fromVerifierKey(log.key().encode());
    }

    private static CosignatureVerifier witnessVerifier(Witness witness) throws NoteException {
        return CosignatureVerifier.fromVerifierKey(witness.key().encode());
    }

    private static void validate(List<Log> logs, List<Witness> witnesses, List<Group> groups, String quorum)
            throws PolicyException {
        Set<String> publicKeys = new HashSet<>();
        for (Log log : logs) {
            if (log.key().signatureType() != VerifierKey.TYPE_ED25519) {
                throw new PolicyException("log key " + log.key().name() + " is not an Ed25519 checkpoint key (type 1)");
            }
            if (!publicKeys.add(HexFormat.of().formatHex(log.key().publicKey()))) {
                throw new PolicyException("log key " + log.key().name() + " is listed twice");
            }
        }
        Map<String, String> names = new LinkedHashMap<>();
        publicKeys.clear();
        for (Witness witness : witnesses) {
            if (witness.key().signatureType() != VerifierKey.TYPE_ED25519_COSIGNATURE) {
                throw new PolicyException("witness " + witness.name() + " key is not an Ed25519 cosignature key (type 4)");
            }
            if (!publicKeys.add(HexFormat.of().formatHex(witness.key().publicKey()))) {
                throw new PolicyException("witness " + witness.name() + " has the key of another witness");
            }
            define(names, witness.name(), "witness");
        }
        Map<String, Boolean> defined = new HashMap<>();
        names.keySet().forEach(name -> defined.put(name, true));
        for (Group group : groups) {
            if (group.members().isEmpty()) {
                throw new PolicyException("group " + group.name() + " has no members");
            }
            if (group.threshold() < 1 || group.threshold() > group.members().size()) {
                throw new PolicyException("group " + group.name() + " threshold " + group.threshold() + " is not between 1 and "
                        + group.members().size());
            }
            Set<String> seen = new HashSet<>();
            for (String member : group.members()) {
                if (!defined.containsKey(member)) {
                    throw new PolicyException("group " + group.name() + " member " + member
                            + " is not a witness or group defined before it");
                }
                if (!seen.add(member)) {
                    throw new PolicyException("group " + group.name() + " lists " + member + " twice");
                }
            }
            define(names, group.name(), "group");
            defined.put(group.name(), true);
        }
        if (!NONE.equals(quorum) && !defined.containsKey(quorum)) {
            throw new PolicyException("the quorum " + quorum + " is not a witness or group defined before it");
        }
    }

    private static void define(Map<String, String> names, String name, String kind) throws PolicyException {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\n')) {
            throw new PolicyException(kind + " name '" + name + "' is empty or contains whitespace");
        }
        if (NONE.equals(name)) {
            throw new PolicyException("'none' is predefined and cannot name a " + kind);
        }
        String before = names.putIfAbsent(name, kind);
        if (before != null) {
            throw new PolicyException(kind + " name " + name + " is already the name of a " + before);
        }
    }

    private static VerifierKey key(String vkey, String where) throws PolicyException {
        try {
            return VerifierKey.parse(vkey);
        } catch (NoteException e) {
            throw new PolicyException(where + "not a verifier key: " + e.getMessage());
        }
    }

    private static void requireItems(String[] items, int min, int max, String form) throws PolicyException {
        if (items.length < min || items.length > max) {
            throw new PolicyException(form);
        }
    }
}
