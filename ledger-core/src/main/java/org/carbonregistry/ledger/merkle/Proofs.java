package org.carbonregistry.ledger.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds RFC 9162 proofs and roots from stored complete subtrees, with one batched read each. */
public final class Proofs {

    private final NodeReader reader;

    public Proofs(NodeReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** RFC 9162 section 2.1.3.1 inclusion path of leaf {@code leafIndex} in the tree of {@code treeSize}. */
    public List<byte[]> inclusion(long leafIndex, long treeSize) {
        return assemble(ProofPlanner.inclusion(leafIndex, treeSize));
    }

    /** RFC 9162 section 2.1.4.1 consistency path from tree size {@code size1} to {@code size2}. */
    public List<byte[]> consistency(long size1, long size2) {
        return assemble(ProofPlanner.consistency(size1, size2));
    }

    /** MTH of the first {@code treeSize} leaves. */
    public byte[] root(long treeSize) {
        if (treeSize == 0) {
            return MerkleHash.emptyRoot();
        }
        return assemble(ProofPlanner.root(treeSize)).get(0);
    }

    private List<byte[]> assemble(ProofPlan plan) {
        if (plan.elements().isEmpty()) {
            return List.of();
        }
        Map<NodeId, byte[]> found = reader.read(List.copyOf(plan.nodeIds()));
        List<byte[]> hashes = new ArrayList<>(plan.elements().size());
        for (List<NodeId> element : plan.elements()) {
            byte[] hash = hashOf(element.get(element.size() - 1), found);
            for (int i = element.size() - 2; i >= 0; i--) {
                hash = MerkleHash.nodeHash(hashOf(element.get(i), found), hash);
            }
            hashes.add(hash.clone());
        }
        return List.copyOf(hashes);
    }

    private static byte[] hashOf(NodeId id, Map<NodeId, byte[]> found) {
        byte[] hash = found.get(id);
        if (hash == null) {
            throw new IllegalStateException("node store has no hash for " + id);
        }
        if (hash.length != MerkleHash.SIZE) {
            throw new IllegalStateException("node store returned " + hash.length + " bytes for " + id);
        }
        return hash;
    }
}
