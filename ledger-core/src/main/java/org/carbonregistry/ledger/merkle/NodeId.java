package org.carbonregistry.ledger.merkle;

/**
 * A complete (perfect) subtree: at {@code level} it covers the {@code 2^level} leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}. Level 0 nodes are leaf hashes.
 */
public record NodeId(int level, long index) implements Comparable<NodeId> {

    /** Highest level a tree of at most {@code Long.MAX_VALUE} leaves can complete. */
    public static final int MAX_LEVEL = 62;

    public NodeId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level must be in [0, " + MAX_LEVEL + "], was " + level);
        }
        if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException("index " + index + " out of range at level " + level);
        }
    }

    public static NodeId leaf(long leafIndex) {
        return new NodeId(0, leafIndex);
    }

    /** First leaf covered by this subtree. */
    public long firstLeaf() {
        return index << level;
    }

    /** One past the last leaf covered by this subtree. */
    public long endLeaf() {
        return (index + 1) << level;
    }

    /** Number of leaves covered: {@code 2^level}. */
    public long leafCount() {
        return 1L << level;
    }

    public NodeId parent() {
        return new NodeId(level + 1, index >> 1);
    }

    public NodeId leftChild() {
        requireInterior();
        return new NodeId(level - 1, index << 1);
    }

    public NodeId rightChild() {
        requireInterior();
        return new NodeId(level - 1, (index << 1) + 1);
    }

    private void requireInterior() {
        if (level == 0) {
            throw new IllegalStateException("a leaf has no children");
        }
    }

    /** Orders by level, then index: the order a storage layer would cluster them in. */
    @Override
    public int compareTo(NodeId other) {
        int byLevel = Integer.compare(level, other.level);
        return byLevel != 0 ? byLevel : Long.compare(index, other.index);
    }

    @Override
    public String toString() {
        return "NodeId[level=" + level + ", index=" + index + "]";
    }
}
