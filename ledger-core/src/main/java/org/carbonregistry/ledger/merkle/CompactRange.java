package org.carbonregistry.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The right edge of a tree of {@code size} leaves: the roots of the perfect subtrees of the binary
 * decomposition of {@code size}, largest (leftmost) first. It is all an appender needs to know about
 * the tree; it is immutable, so a failed storage transaction simply keeps using the previous range.
 */
public final class CompactRange {

    private static final CompactRange EMPTY = new CompactRange(0, new byte[0][]);

    private final long size;
    private final byte[][] hashes;

    private CompactRange(long size, byte[][] hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    public static CompactRange empty() {
        return EMPTY;
    }

    /**
     * @param hashes roots of the perfect subtrees of {@code size}, in the order of {@link #nodeIds(long)}
     */
    public static CompactRange of(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative, was " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of size " + size + " has " + Long.bitCount(size)
                    + " right-edge subtrees, got " + hashes.size() + " hashes");
        }
        byte[][] copy = new byte[hashes.size()][];
        for (int i = 0; i < copy.length; i++) {
            byte[] hash = hashes.get(i);
            if (hash == null || hash.length != MerkleHash.SIZE) {
                throw new IllegalArgumentException("right-edge hash " + i + " must be " + MerkleHash.SIZE + " bytes");
            }
            copy[i] = hash.clone();
        }
        return new CompactRange(size, copy);
    }

    /** Loads the right edge of a stored tree of {@code size} leaves with one read. */
    public static CompactRange load(long size, NodeReader reader) {
        List<NodeId> ids = nodeIds(size);
        Map<NodeId, byte[]> found = ids.isEmpty() ? Map.of() : reader.read(ids);
        List<byte[]> hashes = new ArrayList<>(ids.size());
        for (NodeId id : ids) {
            byte[] hash = found.get(id);
            if (hash == null) {
                throw new IllegalStateException("node store has no hash for right-edge node " + id + " of tree size " + size);
            }
            hashes.add(hash);
        }
        return of(size, hashes);
    }

    /** The perfect subtrees that make up a tree of {@code size} leaves, leftmost (largest) first. */
    public static List<NodeId> nodeIds(long size) {
        return ProofPlanner.perfectSubtrees(0, size);
    }

    public long size() {
        return size;
    }

    /** Copies of the right-edge hashes, in the order of {@link #nodeIds(long)}. */
    public List<byte[]> hashes() {
        List<byte[]> copies = new ArrayList<>(hashes.length);
        for (byte[] hash : hashes) {
            copies.add(hash.clone());
        }
        return copies;
    }

    /** The right edge as stored nodes. */
    public List<Node> nodes() {
        List<NodeId> ids = nodeIds(size);
        List<Node> nodes = new ArrayList<>(ids.size());
        for (int i = 0; i < hashes.length; i++) {
            nodes.add(new Node(ids.get(i), hashes[i].clone()));
        }
        return nodes;
    }

    /** MTH of the tree: the right edge folded from the right (RFC 9162 section 2.1.1). */
    public byte[] root() {
        if (hashes.length == 0) {
            return MerkleHash.emptyRoot();
        }
        byte[] root = hashes[hashes.length - 1];
        for (int i = hashes.length - 2; i >= 0; i--) {
            root = MerkleHash.nodeHash(hashes[i], root);
        }
        return root == hashes[hashes.length - 1] ? root.clone() : root;
    }

    /**
     * Appends leaf hashes (each already {@link MerkleHash#leafHash(byte[])}). Returns every node
     * completed by the append (the new leaves and each interior node that became complete) and the
     * range of the grown tree. This range is left unchanged.
     */
    public AppendResult append(List<byte[]> leafHashes) {
        if (Long.MAX_VALUE - size < leafHashes.size()) {
            throw new IllegalArgumentException("tree size would overflow");
        }
        // Stack of (level, hash) of the right edge; appending merges equal levels like a binary counter.
        int capacity = NodeId.MAX_LEVEL + 2;
        int[] levels = new int[capacity];
        byte[][] stack = new byte[capacity][];
        int depth = 0;
        List<NodeId> edge = nodeIds(size);
        for (int i = 0; i < hashes.length; i++) {
            levels[depth] = edge.get(i).level();
            stack[depth++] = hashes[i];
        }

        List<Node> completed = new ArrayList<>(leafHashes.size() * 2);
        long leafIndex = size;
        for (byte[] leafHash : leafHashes) {
            if (leafHash == null || leafHash.length != MerkleHash.SIZE) {
                throw new IllegalArgumentException("leaf hash for leaf " + leafIndex + " must be " + MerkleHash.SIZE + " bytes");
            }
            byte[] hash = leafHash.clone();
            completed.add(new Node(NodeId.leaf(leafIndex), hash));
            int level = 0;
            while (depth > 0 && levels[depth - 1] == level) {
                hash = MerkleHash.nodeHash(stack[--depth], hash);
                level++;
                completed.add(new Node(new NodeId(level, leafIndex >> level), hash));
            }
            levels[depth] = level;
            stack[depth++] = hash;
            leafIndex++;
        }
        CompactRange grown = new CompactRange(leafIndex, Arrays.copyOf(stack, depth));
        return new AppendResult(grown, List.copyOf(completed));
    }

    @Override
    public String toString() {
        return "CompactRange[size=" + size + ", subtrees=" + hashes.length + "]";
    }
}
