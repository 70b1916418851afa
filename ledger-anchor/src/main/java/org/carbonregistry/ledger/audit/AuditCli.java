package org.carbonregistry.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.carbonregistry.ledger.checkpoint.Cosignature;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.ledger.checkpoint.ChainVerifier;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.merkle.AppendResult;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.Node;
import org.carbonregistry.ledger.merkle.NodeId;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.policy.PolicyException;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.verify.ConsistencyProofDocument;
import org.carbonregistry.ledger.verify.ProofDocumentException;
import org.carbonregistry.ledger.verify.SequenceAnomaly;

/**
 * {@code audit --url <ledger> --key <vkey | @file>}: checks everything a ledger serves against its public key.
 *
 * <ol>
 *   <li>checkpoints: every signature, the {@code prev} hash chain from the first checkpoint on, growing sizes;</li>
 *   <li>leaves: every envelope canonical, event ids distinct, each leaf hash SHA-256(0x00 || envelope), and the
 *       root of every checkpoint re-derived from the leaves with {@link CompactRange};</li>
 *   <li>stored nodes: every interior node the server stores (levels 8, 16, ...) equals the one re-derived;</li>
 *   <li>consistency: the server's proof between each pair of consecutive checkpoints verifies;</li>
 *   <li>registry signatures (with {@code --registry-key}): every signed leaf's signature verifies over its envelope;
 *       leaves without one (logged before the registry signed events) are counted and named in the output;</li>
 *   <li>sequences: every gap or repeat in an aggregate's event sequence, re-derived from the leaves and printed,
 *       equals what the server lists ({@code /api/sequence-anomalies}). Anomalies are printed as warnings: they are
 *       facts about what the registry published, not a fault of the log.</li>
 *   <li>witnesses (with {@code --policy}, a c2sp.org/tlog-policy): which listed witnesses cosigned each checkpoint;
 *       the latest one, as {@code /log/checkpoint} serves it, must meet the policy's quorum. Older checkpoints that
 *       lack it are reported, not failed: witnesses are only sent the latest checkpoint, so checkpoints superseded
 *       quickly, and those sealed before witnesses were configured, are never cosigned.</li>
 * </ol>
 * Exit code 0 only when every check passed; 1 with {@code FAILED <check>: <what>} otherwise; 2 for usage errors.
 */
public final class AuditCli {

    public static final int VALID = 0;
    public static final int FAILED = 1;
    public static final int USAGE_ERROR = 2;

    public static final String USAGE = """
              audit --url <http://host:8081> --key <verifier key | @file> [--registry-key <registry verifier key | @file>]
                    [--policy <tlog-policy file>] [--page-size <leaves per request, max 1000>]
                  checks every checkpoint's signature and prev chain, consistency proofs between consecutive
                  checkpoints, every root re-derived from all leaves, and every stored interior node; prints every
                  gap or repeat in an aggregate's event sequence (and fails if the server lists others); with
                  --registry-key, every leaf's registry signature (leaves logged before signatures are counted); with
                  --policy, who cosigned each checkpoint, and the latest checkpoint must meet the policy's quorum
                  exit code: 0 valid, 1 a check failed (the message names it), 2 usage error""";

    /** The API serves the interior nodes it stores: every level that is a multiple of this. */
    static final int STORED_LEVEL_STRIDE = 8;
    private static final int CHECKPOINT_PAGE = 1000;
    private static final int NODE_PAGE = 10_000;

    private final PrintStream out;
    private final LogClient api;
    private final NoteVerifier verifier;
    private final int pageSize;
    private final EnvelopeVerifier registryKey;
    private final TlogPolicy policy;
    private long signedLeaves;
    private long unsignedLeaves;
    private long firstUnsignedLeaf = -1;
    private final Map<String, Long> lastSequences = new HashMap<>();
    private final List<String> sequenceAnomalies = new ArrayList<>();

    private AuditCli(PrintStream out, LogClient api, NoteVerifier verifier, int pageSize, EnvelopeVerifier registryKey,
                     TlogPolicy policy) {
        this.out = out;
        this.api = api;
        this.verifier = verifier;
        this.pageSize = pageSize;
        this.registryKey = registryKey;
        this.policy = policy;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        NoteVerifier verifier;
        int pageSize;
        EnvelopeVerifier registryKey = null;
        TlogPolicy policy = null;
        try {
            options = options(args);
            verifier = verifier(options.get("key"));
            if (options.containsKey("registry-key")) {
                registryKey = registryKey(options.get("registry-key"));
            }
            if (options.containsKey("policy")) {
                policy = policy(options.get("policy"));
            }
            pageSize = Integer.parseInt(options.getOrDefault("page-size", "1000"));
            if (pageSize < 1 || pageSize > 1000) {
                throw new IllegalArgumentException("--page-size must be between 1 and 1000");
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("usage:");
            err.println(USAGE);
            return USAGE_ERROR;
        }
        AuditCli audit = new AuditCli(out, new LogClient(options.get("url")), verifier, pageSize, registryKey,
                policy);
        try {
            audit.audit();
            return VALID;
        } catch (Failure e) {
            err.println("FAILED " + e.check + ": " + e.getMessage());
            return FAILED;
        }
    }

    private void audit() throws Failure {
        String served = fetch("public key", () -> api.text("/api/public-key")).strip();
        if (!served.equals(verifier.verifierKey())) {
            out.println("note: the server publishes key " + served + "; auditing against the given key "
                    + verifier.verifierKey());
        }

        // Read before the list, so the checkpoint it serves is listed even when one is sealed meanwhile.
        String servedCheckpoint = policy == null ? null : servedCheckpoint();
        List<String> notes = new ArrayList<>();
        List<Long> listedSizes = new ArrayList<>();
        List<List<String>> listedCosignatures = new ArrayList<>();
        long after = 0;
        while (true) {
            long from = after;
            JsonNode page = fetch("checkpoints", () -> api.json("/api/checkpoints?after=" + from + "&limit=" + CHECKPOINT_PAGE));
            for (JsonNode entry : page) {
                notes.add(entry.path("note").asText());
                listedSizes.add(entry.path("treeSize").asLong(-1));
                List<String> lines = new ArrayList<>();
                entry.path("cosignatures").forEach(cosignature -> lines.add(cosignature.path("signature").asText()));
                listedCosignatures.add(lines);
                after = entry.path("treeSize").asLong(-1);
            }
            if (page.size() < CHECKPOINT_PAGE) {
                break;
            }
        }
        if (notes.isEmpty()) {
            // nothing is claimed yet, so nothing needs witnesses either: the same answer with or without --policy
            out.println("VERIFIED: the ledger has no checkpoint yet; nothing to audit"
                    + (policy == null ? "" : " and no checkpoint for witnesses to cosign"));
            return;
        }
        if (policy != null && servedCheckpoint == null) {
            throw new Failure("witnesses", "/log/checkpoint answered that there is no checkpoint yet, but /api/checkpoints"
                    + " lists " + notes.size() + " (if the first was sealed during the audit, run it again)");
        }
        List<Checkpoint> checkpoints;
        try {
            checkpoints = new ChainVerifier(verifier).verifyFromGenesis(notes);
        } catch (NoteException e) {
            throw new Failure("checkpoints", e.getMessage());
        }
        for (int i = 0; i < checkpoints.size(); i++) {
            long size = checkpoints.get(i).treeSize();
            if (listedSizes.get(i) != size) {
                throw new Failure("checkpoints", "checkpoint " + i + " is listed at tree size " + listedSizes.get(i)
                        + " but its signed note says " + size);
            }
            if (i > 0 && size <= checkpoints.get(i - 1).treeSize()) {
                throw new Failure("checkpoints", "checkpoint " + i + " (tree size " + size
                        + ") does not grow the tree beyond checkpoint " + (i - 1));
            }
        }
        Checkpoint latest = checkpoints.get(checkpoints.size() - 1);
        passed("checkpoints", checkpoints.size() + " checkpoints signed by " + verifier.name() + ", hash-chained from the first,"
                + " latest at tree size " + latest.treeSize());
        if (policy != null) {
            checkWitnesses(servedCheckpoint, checkpoints, listedCosignatures);
        }

        Map<NodeId, byte[]> derivedNodes = rederiveFromLeaves(checkpoints);
        passed("leaves", latest.treeSize() + " canonical envelopes with distinct event ids and correct leaf hashes;"
                + " the roots of all " + checkpoints.size() + " checkpoints re-derived from them");
        if (registryKey != null) {
            passed("registry signatures", signedLeaves + " leaves signed by registry key(s) "
                    + registryKey.trustedKeys().stream().map(key -> key.keyIdHex()).toList()
                    + (unsignedLeaves == 0 ? "" : "; " + unsignedLeaves + " leaves carry no signature (logged before the"
                    + " registry signed events), the first is leaf " + firstUnsignedLeaf));
        }

        int storedNodes = compareStoredNodes(latest.treeSize(), derivedNodes);
        passed("stored nodes", storedNodes + " interior nodes equal the ones re-derived from the leaves");

        for (int i = 1; i < checkpoints.size(); i++) {
            verifyConsistency(checkpoints.get(i - 1), checkpoints.get(i));
        }
        passed("consistency", (checkpoints.size() - 1) + " consistency proofs between consecutive checkpoints verify");

        compareSequenceAnomalies(latest.treeSize());

        out.println("VERIFIED: " + latest.origin() + " at tree size " + latest.treeSize() + " with root "
                + hex(latest.rootHash()));
    }

    /**
     * Prints who cosigned each checkpoint and requires the quorum of the one {@code /log/checkpoint} serves, the
     * latest when the audit started. The others' cosignatures are those {@code /api/checkpoints} lists, checked over
     * the plain checkpoint text of the same origin, size and root (what witnesses are sent): the chained note carries
     * the log's signature on that size and root, so the cosignatures need no second log signature.
     */
    private void checkWitnesses(String served, List<Checkpoint> checkpoints, List<List<String>> listedCosignatures)
            throws Failure {
        TlogPolicy.Verified latest;
        try {
            latest = policy.verify(served);
        } catch (NoteException e) {
            throw new Failure("witnesses", "the checkpoint served by /log/checkpoint does not verify under the policy: "
                    + e.getMessage());
        }
        long latestSize = latest.checkpoint().treeSize();
        Checkpoint listed = checkpoints.stream().filter(c -> c.treeSize() == latestSize).findFirst()
                .orElseThrow(() -> new Failure("witnesses", "/log/checkpoint serves tree size " + latestSize
                        + ", which is not a listed checkpoint"));
        if (!MessageDigest.isEqual(listed.rootHash(), latest.checkpoint().rootHash())) {
            throw new Failure("witnesses", "/log/checkpoint at tree size " + latestSize + " signs root "
                    + hex(latest.checkpoint().rootHash()) + ", the listed checkpoint of that size " + hex(listed.rootHash()));
        }
        int unmet = 0;
        for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint checkpoint = checkpoints.get(i);
            if (checkpoint.treeSize() == latestSize) {
                continue;
            }
            Map<String, Cosignature> cosignatures = listedCosignatures(checkpoint, listedCosignatures.get(i));
            boolean met = policy.quorumMet(cosignatures.keySet());
            if (!met) {
                unmet++;
            }
            out.println("witnesses at tree size " + checkpoint.treeSize() + ": " + cosigners(cosignatures)
                    + (met ? "; quorum met" : "; quorum " + policy.quorum() + " not met"
                    + (checkpoint.treeSize() < latestSize ? " (an older checkpoint: reported, not a failure)"
                    : " (sealed during the audit: reported, not a failure)")));
        }
        if (!latest.quorumMet()) {
            throw new Failure("witness quorum", "the latest checkpoint, tree size " + latestSize + ", is "
                    + cosigners(latest.cosignatures()) + "; the policy's quorum " + policy.quorum() + " is not met");
        }
        passed("witness quorum", "the latest checkpoint, tree size " + latestSize + ", is " + cosigners(latest.cosignatures())
                + "; quorum " + policy.quorum() + " met" + (unmet == 0 ? "" : "; " + unmet + " other checkpoint(s) without"
                + " it, listed above"));
    }

    /** The listed cosignatures that verify over the plain checkpoint; one that does not is a warning, not a failure. */
    private Map<String, Cosignature> listedCosignatures(Checkpoint checkpoint, List<String> lines) {
        if (lines.isEmpty()) {
            return Map.of();
        }
        StringBuilder note = new StringBuilder(Checkpoint.first(checkpoint.origin(), checkpoint.treeSize(),
                checkpoint.rootHash()).noteText()).append('\n');
        lines.forEach(line -> note.append(line).append('\n'));
        try {
            return policy.cosignatures(note.toString());
        } catch (NoteException e) {
            // e.g. a cosignature made over the chained note, before witnesses were sent plain checkpoints
            out.println("WARNING witnesses at tree size " + checkpoint.treeSize() + ": a listed cosignature does not"
                    + " verify over the plain checkpoint: " + e.getMessage());
            return Map.of();
        }
    }

    private static String cosigners(Map<String, Cosignature> cosignatures) {
        if (cosignatures.isEmpty()) {
            return "cosigned by no witness of the policy";
        }
        List<String> names = new ArrayList<>();
        cosignatures.forEach((name, cosignature) -> names.add(name + " at " + cosignature.time()));
        return "cosigned by " + String.join(", ", names);
    }

    /** Rebuilds the tree from every leaf, checking each and every checkpoint's root; returns the stored-level nodes. */
    private Map<NodeId, byte[]> rederiveFromLeaves(List<Checkpoint> checkpoints) throws Failure {
        long treeSize = checkpoints.get(checkpoints.size() - 1).treeSize();
        Map<NodeId, byte[]> nodes = new HashMap<>();
        Set<UUID> eventIds = new HashSet<>();
        CompactRange range = CompactRange.empty();
        int nextCheckpoint = 0;
        for (long start = 0; start < treeSize; start += pageSize) {
            long end = Math.min(treeSize, start + pageSize);
            long first = start;
            JsonNode page = fetch("leaves", () -> api.json("/api/leaves?start=" + first + "&end=" + end));
            JsonNode leaves = page.path("leaves");
            if (leaves.size() != end - start) {
                throw new Failure("leaves", "asked for leaves " + start + " to " + (end - 1) + ", the server returned "
                        + leaves.size());
            }
            List<byte[]> hashes = new ArrayList<>(leaves.size());
            for (int i = 0; i < leaves.size(); i++) {
                hashes.add(checkLeaf(start + i, leaves.get(i), eventIds));
            }
            // Append up to each checkpoint boundary inside this page and compare its root there.
            int taken = 0;
            while (taken < hashes.size()) {
                long boundary = nextCheckpoint < checkpoints.size() ? checkpoints.get(nextCheckpoint).treeSize() : Long.MAX_VALUE;
                int count = (int) Math.min(hashes.size() - taken, boundary - range.size());
                AppendResult grown = range.append(hashes.subList(taken, taken + count));
                for (Node node : grown.newNodes()) {
                    if (node.id().level() > 0 && node.id().level() % STORED_LEVEL_STRIDE == 0) {
                        nodes.put(node.id(), node.hash());
                    }
                }
                range = grown.range();
                taken += count;
                while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).treeSize() == range.size()) {
                    Checkpoint checkpoint = checkpoints.get(nextCheckpoint);
                    if (!MessageDigest.isEqual(range.root(), checkpoint.rootHash())) {
                        throw new Failure("root", "the root re-derived from the first " + range.size() + " leaves is "
                                + hex(range.root()) + ", but the checkpoint at tree size " + checkpoint.treeSize()
                                + " signs " + hex(checkpoint.rootHash()));
                    }
                    nextCheckpoint++;
                }
            }
        }
        return nodes;
    }

    private byte[] checkLeaf(long index, JsonNode leaf, Set<UUID> eventIds) throws Failure {
        if (leaf.path("leafIndex").asLong(-1) != index) {
            throw new Failure("leaves", "expected leaf " + index + ", the server returned leaf " + leaf.path("leafIndex"));
        }
        byte[] envelope = base64(leaf, "envelope", index);
        byte[] servedHash = base64(leaf, "leafHash", index);
        EventEnvelope parsed;
        try {
            parsed = EventEnvelope.fromCanonicalBytes(envelope);
        } catch (RuntimeException e) {
            throw new Failure("leaf " + index, "the envelope is not a canonical event envelope: " + e.getMessage());
        }
        String eventId = parsed.eventId().toString();
        if (!eventId.equals(leaf.path("eventId").asText())) {
            throw new Failure("leaf " + index, "the envelope is event " + eventId + ", the server lists event "
                    + leaf.path("eventId").asText());
        }
        if (!eventIds.add(parsed.eventId())) {
            throw new Failure("leaf " + index, "event " + eventId + " is in the log more than once");
        }
        Long previous = lastSequences.get(parsed.aggregateId());
        SequenceAnomaly.of(previous, parsed.sequence()).ifPresent(anomaly -> sequenceAnomalies.add(
                describe(index, eventId, parsed.aggregateId(), anomaly.kind().wireName(), anomaly.expected(), anomaly.got())));
        lastSequences.put(parsed.aggregateId(), SequenceAnomaly.lastAfter(previous, parsed.sequence()));
        byte[] computed = MerkleHash.leafHash(envelope);
        if (!MessageDigest.isEqual(computed, servedHash)) {
            throw new Failure("leaf " + index, "the stored leaf hash " + hex(servedHash)
                    + " is not SHA-256(0x00 || envelope) = " + hex(computed) + " (event " + eventId + ")");
        }
        if (registryKey != null) {
            checkRegistrySignature(index, eventId, envelope, leaf);
        }
        return computed;
    }

    private void checkRegistrySignature(long index, String eventId, byte[] envelope, JsonNode leaf) throws Failure {
        String signature = leaf.path("registrySignature").isTextual() ? leaf.get("registrySignature").asText() : null;
        String keyId = leaf.path("registryKeyId").isTextual() ? leaf.get("registryKeyId").asText() : null;
        if (signature == null && keyId == null) {
            unsignedLeaves++;
            if (firstUnsignedLeaf < 0) {
                firstUnsignedLeaf = index;
            }
            return;
        }
        Optional<String> problem = registryKey.problem(new SignedEnvelope(envelope, signature, keyId));
        if (problem.isPresent()) {
            throw new Failure("leaf " + index, "registry signature of event " + eventId + ": " + problem.get());
        }
        signedLeaves++;
    }

    private int compareStoredNodes(long treeSize, Map<NodeId, byte[]> derived) throws Failure {
        int compared = 0;
        for (int level = STORED_LEVEL_STRIDE; level < 63 && (1L << level) <= treeSize; level += STORED_LEVEL_STRIDE) {
            long count = treeSize >> level;
            for (long start = 0; start < count; start += NODE_PAGE) {
                long end = Math.min(count, start + NODE_PAGE);
                int nodeLevel = level;
                long first = start;
                JsonNode hashes = fetch("stored nodes", () -> api.json("/api/nodes?level=" + nodeLevel + "&start=" + first
                        + "&end=" + end)).path("hashes");
                if (hashes.size() != end - start) {
                    throw new Failure("stored nodes", "the server stores " + hashes.size() + " nodes at level " + level
                            + " for indexes " + start + " to " + (end - 1) + ", expected " + (end - start));
                }
                for (int i = 0; i < hashes.size(); i++) {
                    NodeId id = new NodeId(level, start + i);
                    byte[] stored = StdBase64.decode(hashes.get(i).asText()).orElse(new byte[0]);
                    if (!MessageDigest.isEqual(stored, derived.get(id))) {
                        throw new Failure("stored nodes", "the stored node at level " + level + " index " + (start + i)
                                + " (leaves " + id.firstLeaf() + " to " + (id.endLeaf() - 1) + ") is " + hex(stored)
                                + ", the leaves give " + hex(derived.get(id)));
                    }
                    compared++;
                }
            }
        }
        return compared;
    }

    /** Prints the anomalies re-derived from the leaves and requires the server to list exactly those. */
    private void compareSequenceAnomalies(long treeSize) throws Failure {
        List<String> listed = new ArrayList<>();
        long after = -1;
        while (true) {
            long from = after;
            JsonNode page = fetch("sequences", () -> api.json("/api/sequence-anomalies?after=" + from + "&limit=1000"));
            for (JsonNode entry : page) {
                after = entry.path("leafIndex").asLong();
                if (after < treeSize) {
                    listed.add(describe(after, entry.path("eventId").asText(), entry.path("aggregateId").asText(),
                            entry.path("kind").asText(), entry.path("expected").asLong(), entry.path("got").asLong()));
                }
            }
            if (page.size() < 1000 || after >= treeSize) {
                break;
            }
        }
        sequenceAnomalies.forEach(anomaly -> out.println("WARNING " + anomaly));
        if (!listed.equals(sequenceAnomalies)) {
            List<String> hidden = new ArrayList<>(sequenceAnomalies);
            hidden.removeAll(listed);
            List<String> invented = new ArrayList<>(listed);
            invented.removeAll(sequenceAnomalies);
            throw new Failure("sequences", "the server's /api/sequence-anomalies differs from the leaves: "
                    + (hidden.isEmpty() ? "" : "not listed: " + hidden + " ") + (invented.isEmpty() ? "" : "not in the leaves: " + invented));
        }
        if (sequenceAnomalies.isEmpty()) {
            passed("sequences", "no gap or repeat in the event sequences of " + lastSequences.size() + " aggregates");
        } else {
            passed("sequences", sequenceAnomalies.size() + " gap(s) or repeat(s) in " + lastSequences.size()
                    + " aggregates' event sequences, printed above as WARNING and listed alike by the server");
        }
    }

    private static String describe(long leafIndex, String eventId, String aggregateId, String kind, long expected, long got) {
        return "sequence " + kind + " in aggregate " + aggregateId + " at leaf " + leafIndex + " (event " + eventId
                + "): expected sequence " + expected + ", got " + got;
    }

    private void verifyConsistency(Checkpoint older, Checkpoint newer) throws Failure {
        String check = "consistency " + older.treeSize() + " -> " + newer.treeSize();
        byte[] json = fetch(check, () -> api.bytes("/api/proofs/consistency?from=" + older.treeSize() + "&to=" + newer.treeSize()));
        try {
            ConsistencyProofDocument proof = ConsistencyProofDocument.parse(json);
            if (proof.from() != older.treeSize() || proof.to() != newer.treeSize()) {
                throw new Failure(check, "the server sent a proof from " + proof.from() + " to " + proof.to());
            }
            ProofVerifier.verifyConsistency(older.treeSize(), newer.treeSize(), older.rootHash(), newer.rootHash(), proof.path());
        } catch (ProofDocumentException | ProofException e) {
            throw new Failure(check, e.getMessage());
        }
    }

    private static byte[] base64(JsonNode leaf, String field, long index) throws Failure {
        return StdBase64.decode(leaf.path(field).asText(""))
                .orElseThrow(() -> new Failure("leaf " + index, "field " + field + " is not standard base64"));
    }

    /** The checkpoint {@code /log/checkpoint} serves; null when it answers 404, as it does before the first one. */
    private String servedCheckpoint() throws Failure {
        try {
            return api.text("/log/checkpoint");
        } catch (LogClient.Unreachable e) {
            if (e.status() == 404) {
                return null;
            }
            throw new Failure("witnesses", e.getMessage());
        }
    }

    private <T> T fetch(String check, Fetch<T> fetch) throws Failure {
        try {
            return fetch.get();
        } catch (LogClient.Unreachable e) {
            throw new Failure(check, e.getMessage());
        }
    }

    private void passed(String check, String detail) {
        out.println("ok " + check + ": " + detail);
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "(none)" : HexFormat.of().formatHex(bytes);
    }

    private static NoteVerifier verifier(String keyOption) {
        String key = keyOption;
        if (keyOption.startsWith("@")) {
            try {
                key = Files.readString(Path.of(keyOption.substring(1)), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --key file " + keyOption.substring(1) + ": " + e.getMessage());
            }
        }
        try {
            return NoteVerifier.fromVerifierKey(key);
        } catch (NoteException e) {
            throw new IllegalArgumentException("--key is not a valid verifier key: " + e.getMessage());
        }
    }

    private static EnvelopeVerifier registryKey(String keyOption) {
        String key = keyOption;
        if (keyOption.startsWith("@")) {
            try {
                key = Files.readString(Path.of(keyOption.substring(1)), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read --registry-key file " + keyOption.substring(1) + ": " + e.getMessage());
            }
        }
        try {
            return EnvelopeVerifier.parse(key);
        } catch (NoteException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--registry-key is not a valid Ed25519 verifier key: " + e.getMessage());
        }
    }

    private static TlogPolicy policy(String file) {
        try {
            return TlogPolicy.parse(Files.readAllBytes(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --policy file " + file + ": " + e.getMessage());
        } catch (PolicyException e) {
            throw new IllegalArgumentException("--policy " + file + " is not a c2sp.org/tlog-policy: " + e.getMessage());
        }
    }

    private static Map<String, String> options(String[] args) {
        Set<String> known = Set.of("url", "key", "registry-key", "page-size", "policy");
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int equals = arg.indexOf('=');
            String name = equals >= 0 ? arg.substring(2, equals) : arg.substring(2);
            String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + " for audit");
            }
            options.put(name, value);
        }
        for (String required : List.of("url", "key")) {
            if (!options.containsKey(required) || options.get(required).isBlank()) {
                throw new IllegalArgumentException("audit needs --" + required);
            }
        }
        return options;
    }

    @FunctionalInterface
    private interface Fetch<T> {
        T get();
    }

    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final String check;

        Failure(String check, String message) {
            super(message);
            this.check = check;
        }
    }
}
