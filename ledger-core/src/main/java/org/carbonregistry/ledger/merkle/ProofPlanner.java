package org.carbonregistry.ledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plans RFC 9162 proofs as sets of stored nodes, following the recursive definitions of
 * PATH (section 2.1.3.1) and SUBPROOF (section 2.1.4.1). Every range those definitions hash starts on
 * a boundary of its own width, so it is exactly the perfect subtrees of its binary decomposition.
 * A proof needs O(log n) nodes: at most one of its elements is an incomplete range.
 */
public final class ProofPlanner {

    private ProofPlanner() {
    }

    /** Nodes for the inclusion path of leaf {@code leafIndex} in the tree of {@code treeSize} leaves. */
    public static ProofPlan inclusion(long leafIndex, long treeSize) {
        if (treeSize <= 0 || leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("no inclusion proof for leaf " + leafIndex + " in a tree of size " + treeSize);
        }
        List<List<NodeId>> rootward = new ArrayList<>();
        long start = 0;
        long end = treeSize;
        // Descend from the root; PATH lists the sibling ranges leaf first, so reverse at the end.
        while (end - start > 1) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (leafIndex < split) {
                rootward.add(perfectSubtrees(split, end));
                end = split;
            } else {
                rootward.add(perfectSubtrees(start, split));
                start = split;
            }
        }
        Collections.reverse(rootward);
        return new ProofPlan(rootward);
    }

    /**
     * Nodes for the consistency path from the tree of {@code size1} leaves to the tree of
     * {@code size2} leaves. Empty when {@code size1} is 0 or equals {@code size2}: those trees are
     * consistent with no proof.
     */
    public static ProofPlan consistency(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new IllegalArgumentException("no consistency proof from size " + size1 + " to size " + size2);
        }
        if (size1 == 0 || size1 == size2) {
            return new ProofPlan(List.of());
        }
        List<List<NodeId>> rootward = new ArrayList<>();
        long start = 0;
        long end = size2;
        boolean wholeOldTree = true; // SUBPROOF's b: the old tree is the whole current range
        while (size1 != end) {
            long split = start + largestPowerOfTwoBelow(end - start);
            if (size1 <= split) {
                rootward.add(perfectSubtrees(split, end));
                end = split;
            } else {
                rootward.add(perfectSubtrees(start, split));
                start = split;
                wholeOldTree = false;
            }
        }
        if (!wholeOldTree) {
            rootward.add(perfectSubtrees(start, end));
        }
        Collections.reverse(rootward);
        return new ProofPlan(rootward);
    }

    /** Nodes whose right fold is the root of the tree of {@code treeSize} leaves. */
    public static ProofPlan root(long treeSize) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative, was " + treeSize);
        }
        return new ProofPlan(treeSize == 0 ? List.of() : List.of(perfectSubtrees(0, treeSize)));
    }

    /**
     * The perfect subtrees covering leaves {@code [start, end)}, largest first. {@code start} must be
     * a multiple of the largest of them, which holds for every range a proof or root needs.
     */
    public static List<NodeId> perfectSubtrees(long start, long end) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("invalid leaf range [" + start + ", " + end + ")");
        }
        List<NodeId> ids = new ArrayList<>(Long.bitCount(end - start));
        long position = start;
        long remaining = end - start;
        for (int level = NodeId.MAX_LEVEL; level >= 0; level--) {
            long width = 1L << level;
            if ((remaining & width) != 0) {
                if ((position & (width - 1)) != 0) {
                    throw new IllegalArgumentException("leaf range [" + start + ", " + end + ") is not aligned to its subtrees");
                }
                ids.add(new NodeId(level, position >> level));
                position += width;
            }
        }
        return ids;
    }

    /** The k of RFC 9162: the largest power of two smaller than {@code n}, for {@code n > 1}. */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
