package org.carbonregistry.ledger.merkle;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node store held in memory: for tests and for rebuilding a tree from a log's entries in an audit.
 * Append-only like the real store: a node, once complete, never changes.
 */
public final class InMemoryNodeStore implements NodeReader {

    private final Map<NodeId, byte[]> nodes = new ConcurrentHashMap<>();
    private final AtomicLong reads = new AtomicLong();

    /**
     * Stores nodes. Writing a node again with the same hash is allowed (a retried batch);
     * a different hash means the tree was rewritten and is refused.
     */
    public void write(Collection<Node> newNodes) {
        for (Node node : newNodes) {
            byte[] existing = nodes.putIfAbsent(node.id(), node.hash().clone());
            if (existing != null && !Arrays.equals(existing, node.hash())) {
                throw new IllegalStateException("refusing to overwrite " + node.id() + " with a different hash");
            }
        }
    }

    @Override
    public Map<NodeId, byte[]> read(Collection<NodeId> ids) {
        reads.incrementAndGet();
        Map<NodeId, byte[]> found = new HashMap<>(ids.size() * 2);
        for (NodeId id : ids) {
            byte[] hash = nodes.get(id);
            if (hash != null) {
                found.put(id, hash.clone());
            }
        }
        return found;
    }

    /** Number of stored nodes. */
    public int size() {
        return nodes.size();
    }

    /** Number of {@link #read} calls so far: a proof must cost exactly one. */
    public long readCount() {
        return reads.get();
    }
}
