package org.carbonregistry.monitor.state;

import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.monitor.Finding;
import org.carbonregistry.monitor.rules.RegistryState;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the monitor carries from one run to the next: the last checkpoint it verified, how far it has
 * replayed the log (with the right edge of the Merkle tree over those leaves, so the next entries extend the root
 * without re-reading old ones), the registry re-derived so far, and the findings, which stay until the log is gone:
 * a violation in an append-only log does not heal.
 *
 * @param verified   the last checkpoint whose root the replayed leaves were checked against; null before the first
 * @param position   leaves replayed: {@code verified.treeSize()} when at rest, more while a run is under way
 * @param rightEdge  base64 hashes of the perfect subtrees over leaves {@code [0, position)} ({@link CompactRange})
 * @param findings   the first {@link #MAX_KEPT_FINDINGS} findings, in leaf order
 * @param findingCount all findings, also those not kept
 * @param unsignedLeaves  leaves without a registry signature, all logged before the first signed one
 * @param firstSignedLeaf the first leaf the registry signed, -1 before it: from there on every leaf must be signed
 */
public record MonitorState(VerifiedCheckpoint verified, long position, List<String> rightEdge, RegistryState registry,
                           List<Finding> findings, long findingCount, long unsignedLeaves, long firstSignedLeaf) {

    public static final int MAX_KEPT_FINDINGS = 1000;

    /** The checkpoint a state was verified against, with the note as it was served. */
    public record VerifiedCheckpoint(long treeSize, String rootHash, String note) {
    }

    public static MonitorState empty() {
        return new MonitorState(null, 0, List.of(), new RegistryState(), List.of(), 0, 0, -1);
    }

    public CompactRange compactRange() {
        return CompactRange.of(position, rightEdge.stream().map(hash -> StdBase64.decode(hash)
                .orElseThrow(() -> new IllegalStateException("state holds a hash that is not base64"))).toList());
    }

    public static List<String> encode(CompactRange range) {
        return range.hashes().stream().map(StdBase64::encode).toList();
    }

    /** The findings with {@code more} added, keeping at most {@link #MAX_KEPT_FINDINGS}. */
    public static List<Finding> keep(List<Finding> kept, List<Finding> more) {
        if (more.isEmpty() || kept.size() >= MAX_KEPT_FINDINGS) {
            return kept;
        }
        List<Finding> all = new ArrayList<>(kept);
        all.addAll(more.subList(0, Math.min(more.size(), MAX_KEPT_FINDINGS - kept.size())));
        return all;
    }
}
