package org.carbonregistry.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompactRangeTest {

    @Test
    void appendingInAnyBatchSizesCompletesTheSameNodesAndRoot() {
        List<byte[]> leaves = leafHashes(0, 1000);
        AppendResult oneBatch = CompactRange.empty().append(leaves);

        CompactRange range = CompactRange.empty();
        List<Node> nodes = new ArrayList<>();
        int[] batchSizes = {1, 2, 3, 7, 64, 1, 100, 500};
        int position = 0;
        for (int i = 0; position < leaves.size(); i++) {
            int end = Math.min(leaves.size(), position + batchSizes[i % batchSizes.length]);
            AppendResult result = range.append(leaves.subList(position, end));
            nodes.addAll(result.newNodes());
            range = result.range();
            position = end;
        }

        assertThat(nodes).containsExactlyElementsOf(oneBatch.newNodes());
        assertThat(range.root()).isEqualTo(oneBatch.root());
        assertThat(range.size()).isEqualTo(1000);
        assertThat(range.root()).isEqualTo(new ReferenceTree(leaves).root(1000));
    }

    @Test
    void anAppendCompletesEachLeafAndEveryInteriorNodeItClosesExactlyOnce() {
        AppendResult result = CompactRange.empty().append(leafHashes(0, 300));
        Set<NodeId> ids = new HashSet<>();
        for (Node node : result.newNodes()) {
            assertThat(ids.add(node.id())).as("%s completed twice", node.id()).isTrue();
            assertThat(node.id().endLeaf()).isLessThanOrEqualTo(300);
        }
        // 300 leaves + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1
        assertThat(ids).hasSize(596);
    }

    @Test
    void aRangeLoadedFromTheStoreContinuesTheTree() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        AppendResult first = CompactRange.empty().append(leafHashes(0, 77));
        store.write(first.newNodes());

        long readsBefore = store.readCount();
        CompactRange loaded = CompactRange.load(77, store);
        assertThat(store.readCount() - readsBefore).isEqualTo(1);
        assertThat(loaded.hashes()).usingRecursiveComparison().isEqualTo(first.range().hashes());
        assertThat(loaded.nodes()).extracting(Node::id).containsExactlyElementsOf(CompactRange.nodeIds(77));

        AppendResult continued = loaded.append(leafHashes(77, 123));
        store.write(continued.newNodes());
        assertThat(continued.root()).isEqualTo(CompactRange.empty().append(leafHashes(0, 123)).root());
        assertThat(new Proofs(store).root(123)).isEqualTo(continued.root());
    }

    @Test
    void appendingLeavesTheOriginalRangeUnchanged() {
        CompactRange range = CompactRange.empty().append(leafHashes(0, 5)).range();
        byte[] rootBefore = range.root();
        range.append(leafHashes(5, 9));
        assertThat(range.size()).isEqualTo(5);
        assertThat(range.root()).isEqualTo(rootBefore);
    }

    @Test
    void loadingFromAStoreThatLacksTheRightEdgeFails() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        store.write(CompactRange.empty().append(leafHashes(0, 4)).newNodes());
        assertThatThrownBy(() -> CompactRange.load(5, store))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NodeId[level=0, index=4]");
    }

    @Test
    void malformedRangesAndLeavesAreRefused() {
        assertThatThrownBy(() -> CompactRange.of(3, List.of(new byte[32])))
                .hasMessageContaining("has 2 right-edge subtrees");
        assertThatThrownBy(() -> CompactRange.of(1, List.of(new byte[31])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CompactRange.empty().append(List.of(new byte[20])))
                .hasMessageContaining("leaf 0");
    }

    @Test
    void theStoreRefusesToRewriteACompleteNode() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        List<Node> nodes = CompactRange.empty().append(leafHashes(0, 2)).newNodes();
        store.write(nodes);
        store.write(nodes); // a retried batch is harmless
        Node forged = new Node(new NodeId(1, 0), MerkleHash.leafHash(new byte[] {9}));
        assertThatThrownBy(() -> store.write(List.of(forged))).hasMessageContaining("refusing to overwrite");
    }

    @Test
    void proofsOfNodesThatWereNeverStoredFailLoudly() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        store.write(CompactRange.empty().append(leafHashes(0, 4)).newNodes());
        assertThatThrownBy(() -> new Proofs(store).inclusion(0, 6))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("node store has no hash");
        assertThatThrownBy(() -> new Proofs(store).inclusion(4, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Proofs(store).consistency(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nodeIdsCoverTheirLeafRanges() {
        NodeId id = new NodeId(3, 5);
        assertThat(id.firstLeaf()).isEqualTo(40);
        assertThat(id.endLeaf()).isEqualTo(48);
        assertThat(id.leafCount()).isEqualTo(8);
        assertThat(id.parent()).isEqualTo(new NodeId(4, 2));
        assertThat(id.leftChild()).isEqualTo(new NodeId(2, 10));
        assertThat(id.rightChild()).isEqualTo(new NodeId(2, 11));
        assertThatThrownBy(() -> new NodeId(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeId(62, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeId.leaf(1).leftChild()).isInstanceOf(IllegalStateException.class);
    }

    static List<byte[]> leafHashes(int from, int to) {
        List<byte[]> hashes = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            hashes.add(MerkleHash.leafHash(ByteBuffer.allocate(8).putLong(i).array()));
        }
        return hashes;
    }
}
