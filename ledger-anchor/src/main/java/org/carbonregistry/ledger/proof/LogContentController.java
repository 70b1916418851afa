package org.carbonregistry.ledger.proof;

import java.util.Base64;
import java.util.List;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.QuarantinedRecord;
import org.carbonregistry.ledger.storage.TreeNodeStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log's content for auditors: leaves (canonical envelopes with the registry's signatures) page by page, the
 * stored interior nodes (so an audit can compare every stored byte with what it re-derives from the leaves), the
 * quarantine, and the gaps and repeats in aggregates' sequences.
 */
@RestController
class LogContentController {

    private final LedgerStorage storage;
    private final ApiLimits limits;

    LogContentController(LedgerStorage storage, ApiLimits limits) {
        this.storage = storage;
        this.limits = limits;
    }

    /** {@code registrySignature} and {@code registryKeyId} are null for leaves logged before signatures. */
    record LeafView(long leafIndex, String eventId, String leafHash, String envelope, String registrySignature,
                    String registryKeyId) {
    }

    record LeavesPage(long start, long end, long treeSize, List<LeafView> leaves) {
    }

    record NodesPage(int level, long start, long end, List<String> hashes) {
    }

    /** {@code reason} is a code (e.g. {@code bad-signature}), {@code detail} says why (null on rows from before codes). */
    record QuarantineView(String topic, int partition, long offset, String reason, String detail, String quarantinedAt,
                          String key, String value) {
    }

    record SequenceAnomalyView(long leafIndex, String eventId, String aggregateId, String kind, long expected, long got,
                               String seenAt) {
    }

    /** Leaves {@code [start, end)}; {@code end} defaults to a full page and is cut at the tree size. */
    @GetMapping("/api/leaves")
    LeavesPage leaves(@RequestParam long start, @RequestParam(required = false) Long end) {
        long treeSize = storage.leaves().treeSize();
        long last = end == null ? start + limits.maxLeavesPerPage() : end;
        checkRange(start, last, limits.maxLeavesPerPage());
        last = Math.min(last, Math.max(start, treeSize));
        List<LeafView> leaves = storage.leaves().range(start, last).stream()
                .map(leaf -> new LeafView(leaf.leafIndex(), leaf.eventId(), StdBase64.encode(leaf.leafHash()),
                        StdBase64.encode(leaf.envelope()), leaf.registrySignature(), leaf.registryKeyId()))
                .toList();
        return new LeavesPage(start, last, treeSize, leaves);
    }

    /** Stored interior nodes at {@code level} (a multiple of 8), node indexes {@code [start, end)}. */
    @GetMapping("/api/nodes")
    NodesPage nodes(@RequestParam int level, @RequestParam long start, @RequestParam long end) {
        if (!TreeNodeStore.isNodeLevel(level)) {
            throw ProblemException.badRequest("level must be a positive multiple of " + TreeNodeStore.STRIDE
                    + " (the stored levels), was " + level);
        }
        checkRange(start, end, limits.maxNodesPerPage());
        List<String> hashes = storage.nodes().level(level, start, end).stream().map(StdBase64::encode).toList();
        return new NodesPage(level, start, start + hashes.size(), hashes);
    }

    @GetMapping("/api/quarantine")
    List<QuarantineView> quarantine(@RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000, was " + limit);
        }
        return storage.quarantine().list(limit).stream().map(LogContentController::view).toList();
    }

    /** Gaps and repeats in aggregates' sequences shown by leaves after {@code after} (a leaf index), in leaf order. */
    @GetMapping("/api/sequence-anomalies")
    List<SequenceAnomalyView> sequenceAnomalies(@RequestParam(defaultValue = "-1") long after,
                                                @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("limit must be between 1 and 1000, was " + limit);
        }
        return storage.sequences().anomalies(after, limit).stream()
                .map(stored -> new SequenceAnomalyView(stored.leafIndex(), stored.eventId(), stored.aggregateId(),
                        stored.anomaly().kind().wireName(), stored.anomaly().expected(), stored.anomaly().got(),
                        stored.seenAt().toString()))
                .toList();
    }

    private static void checkRange(long start, long end, int maxPage) {
        if (start < 0 || end < start) {
            throw ProblemException.badRequest("need 0 <= start <= end, got start=" + start + " end=" + end);
        }
        if (end - start > maxPage) {
            throw ProblemException.badRequest("at most " + maxPage + " per page, asked for " + (end - start));
        }
    }

    private static QuarantineView view(QuarantinedRecord record) {
        return new QuarantineView(record.topic(), record.partition(), record.offset(), record.reason(), record.detail(),
                record.quarantinedAt().toString(), base64OrNull(record.key()), base64OrNull(record.value()));
    }

    private static String base64OrNull(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }
}
