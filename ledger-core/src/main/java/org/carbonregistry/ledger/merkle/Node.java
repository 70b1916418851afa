package org.carbonregistry.ledger.merkle;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stored complete subtree and its hash. The hash array is not copied (appends create millions of
 * these); nobody may modify it after construction.
 */
public record Node(NodeId id, byte[] hash) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hash, "hash");
        if (hash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("hash of " + id + " must be " + MerkleHash.SIZE + " bytes, was " + hash.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Node that && id.equals(that.id) && Arrays.equals(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "Node[" + id + ", hash=" + HexFormat.of().formatHex(hash) + "]";
    }
}
