package org.carbonregistry.ledger.merkle;

import java.util.List;

/**
 * Outcome of {@link CompactRange#append(List)}: the right edge of the grown tree and the nodes to
 * store, in completion order (each leaf followed by the interior nodes it completed).
 */
public record AppendResult(CompactRange range, List<Node> newNodes) {

    public long treeSize() {
        return range.size();
    }

    /** Root hash of the grown tree. */
    public byte[] root() {
        return range.root();
    }
}
