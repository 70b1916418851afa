package org.carbonregistry.ledger.merkle;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which stored nodes a proof needs. Each element of the proof is the MTH of a range of leaves; a
 * complete range is one node, an incomplete right-edge range is the few perfect subtrees it
 * decomposes into (left to right), hashed together from the right.
 */
public record ProofPlan(List<List<NodeId>> elements) {

    public ProofPlan {
        elements = elements.stream().map(List::copyOf).toList();
    }

    /** Every node the proof needs, without duplicates: the one batched read. */
    public Set<NodeId> nodeIds() {
        Set<NodeId> ids = new LinkedHashSet<>();
        elements.forEach(ids::addAll);
        return ids;
    }
}
