package org.carbonregistry.ledger.merkle;

import java.util.Collection;
import java.util.Map;

/** Read access to stored complete subtrees. */
@FunctionalInterface
public interface NodeReader {

    /**
     * Reads the hashes of the given nodes in one storage round trip. Nodes that are not stored are
     * absent from the result; callers treat that as an error, since they only ask for complete
     * subtrees of a tree that has been appended.
     */
    Map<NodeId, byte[]> read(Collection<NodeId> ids);
}
