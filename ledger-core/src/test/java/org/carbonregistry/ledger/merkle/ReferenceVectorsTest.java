package org.carbonregistry.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.merkle.TestHex.hex;
import static org.carbonregistry.ledger.merkle.TestHex.hexes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.stream.StreamSupport;
import org.carbonregistry.ledger.vectors.SharedVectors;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 test tree used by Certificate Transparency and transparency-dev/merkle
 * (testonly/constants.go and proof/verify_test.go): eight leaves, every complete node, the roots of
 * sizes 0 to 8, and the published inclusion and consistency proofs, read from {@code vectors/rfc6962-tree.json},
 * which the console's verifier is tested against too.
 */
class ReferenceVectorsTest {

    static final JsonNode TREE = SharedVectors.read("rfc6962-tree.json");

    static final List<byte[]> LEAF_INPUTS = strings(TREE.get("leafInputs")).stream().map(TestHex::hex).toList();

    static final List<List<String>> NODE_HASHES = StreamSupport.stream(TREE.get("nodeHashes").spliterator(), false)
            .map(ReferenceVectorsTest::strings).toList();

    static final List<String> ROOTS = strings(TREE.get("roots"));

    record InclusionVector(long leafIndex, long treeSize, List<String> path) {
    }

    record ConsistencyVector(long size1, long size2, List<String> path) {
    }

    static final List<InclusionVector> INCLUSION = StreamSupport.stream(TREE.get("inclusion").spliterator(), false)
            .map(v -> new InclusionVector(v.get("leafIndex").asLong(), v.get("treeSize").asLong(), strings(v.get("path"))))
            .toList();

    static final List<ConsistencyVector> CONSISTENCY = StreamSupport.stream(TREE.get("consistency").spliterator(), false)
            .map(v -> new ConsistencyVector(v.get("size1").asLong(), v.get("size2").asLong(), strings(v.get("path"))))
            .toList();

    static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    InMemoryNodeStore store;
    Proofs proofs;

    @BeforeEach
    void appendTheEightLeaves() {
        store = new InMemoryNodeStore();
        CompactRange range = CompactRange.empty();
        for (byte[] input : LEAF_INPUTS) {
            AppendResult result = range.append(List.of(MerkleHash.leafHash(input)));
            store.write(result.newNodes());
            range = result.range();
        }
        proofs = new Proofs(store);
    }

    @Test
    void emptyTreeRootIsSha256OfNothing() {
        assertThat(hex(MerkleHash.emptyRoot())).isEqualTo(ROOTS.get(0));
        assertThat(hex(CompactRange.empty().root())).isEqualTo(ROOTS.get(0));
        assertThat(hex(proofs.root(0))).isEqualTo(ROOTS.get(0));
    }

    @Test
    void everyCompleteNodeIsStoredWithTheReferenceHash() {
        int expectedCount = 0;
        for (int level = 0; level < NODE_HASHES.size(); level++) {
            for (int index = 0; index < NODE_HASHES.get(level).size(); index++) {
                NodeId id = new NodeId(level, index);
                assertThat(hex(store.read(List.of(id)).get(id))).as(id.toString())
                        .isEqualTo(NODE_HASHES.get(level).get(index));
                expectedCount++;
            }
        }
        assertThat(store.size()).isEqualTo(expectedCount);
    }

    @Test
    void rootsOfSizesOneToEightMatchFromStoreAndFromCompactRange() {
        CompactRange range = CompactRange.empty();
        for (int size = 1; size <= 8; size++) {
            range = range.append(List.of(MerkleHash.leafHash(LEAF_INPUTS.get(size - 1)))).range();
            assertThat(hex(range.root())).as("compact range root of size %d", size).isEqualTo(ROOTS.get(size));
            assertThat(hex(proofs.root(size))).as("stored root of size %d", size).isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void compactRangesHoldThePerfectSubtreesOfTheSize() {
        // testonly.CompactTrees(): size 7 is nodes (2,0), (1,2), (0,6).
        assertThat(CompactRange.nodeIds(7)).containsExactly(new NodeId(2, 0), new NodeId(1, 2), new NodeId(0, 6));
        CompactRange loaded = CompactRange.load(7, store);
        assertThat(hexes(loaded.hashes())).containsExactly(
                NODE_HASHES.get(2).get(0), NODE_HASHES.get(1).get(2), NODE_HASHES.get(0).get(6));
        assertThat(hex(loaded.root())).isEqualTo(ROOTS.get(7));
    }

    @Test
    void inclusionProofsMatchThePublishedOnesAndVerify() throws ProofException {
        for (InclusionVector vector : INCLUSION) {
            List<byte[]> path = proofs.inclusion(vector.leafIndex(), vector.treeSize());
            assertThat(hexes(path)).as("inclusion %s", vector).isEqualTo(vector.path());
            byte[] leafHash = MerkleHash.leafHash(LEAF_INPUTS.get((int) vector.leafIndex()));
            ProofVerifier.verifyInclusion(vector.leafIndex(), vector.treeSize(), leafHash,
                    decode(vector.path()), hex(ROOTS.get((int) vector.treeSize())));
        }
    }

    @Test
    void consistencyProofsMatchThePublishedOnesAndVerify() throws ProofException {
        for (ConsistencyVector vector : CONSISTENCY) {
            List<byte[]> path = proofs.consistency(vector.size1(), vector.size2());
            assertThat(hexes(path)).as("consistency %s", vector).isEqualTo(vector.path());
            ProofVerifier.verifyConsistency(vector.size1(), vector.size2(),
                    hex(ROOTS.get((int) vector.size1())), hex(ROOTS.get((int) vector.size2())), decode(vector.path()));
        }
    }

    @Test
    void corruptedPublishedInclusionProofsAreRejected() {
        byte[] someHash = hex("abacaba000000000000000000000000000000000000000000060061e00123456");
        byte[] emptyRoot = MerkleHash.emptyRoot();
        for (InclusionVector vector : INCLUSION) {
            long index = vector.leafIndex();
            long size = vector.treeSize();
            byte[] root = hex(ROOTS.get((int) size));
            byte[] leaf = MerkleHash.leafHash(LEAF_INPUTS.get((int) index));
            List<byte[]> path = decode(vector.path());
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, path, root)).isTrue();

            assertThat(ProofVerifier.isValidInclusion(index - 1, size, leaf, path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index + 1, size, leaf, path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index ^ 2, size, leaf, path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size * 2, leaf, path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size / 2, leaf, path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, "WrongLeaf".getBytes(), path, root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, path, emptyRoot)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, path, someHash)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, with(path, path.size(), new byte[0]), root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, with(path, path.size(), root), root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, with(path, 0, new byte[0]), root)).isFalse();
            assertThat(ProofVerifier.isValidInclusion(index, size, leaf, with(path, 0, root), root)).isFalse();
            if (!path.isEmpty()) {
                assertThat(ProofVerifier.isValidInclusion(index, size, leaf, path.subList(0, path.size() - 1), root)).isFalse();
            }
            if (path.size() > 1) {
                assertThat(ProofVerifier.isValidInclusion(index, size, leaf, with(path, 1, someHash), root)).isFalse();
            }
        }
    }

    @Test
    void corruptedPublishedConsistencyProofsAreRejected() {
        for (ConsistencyVector vector : CONSISTENCY) {
            long size1 = vector.size1();
            long size2 = vector.size2();
            byte[] root1 = hex(ROOTS.get((int) size1));
            byte[] root2 = hex(ROOTS.get((int) size2));
            List<byte[]> path = decode(vector.path());
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, path)).isTrue();
            if (path.isEmpty()) {
                continue;
            }
            assertThat(ProofVerifier.isValidConsistency(size1 - 1, size2, root1, root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1 + 1, size2, root1, root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1 ^ 2, size2, root1, root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2 * 2, root1, root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2 / 2, root1, root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, "WrongRoot".getBytes(), root2, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, "WrongRoot".getBytes(), path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root2, root1, path)).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, List.of())).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, path.size(), new byte[0]))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, path.size(), root1))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, path.size(), root2))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, 0, new byte[0]))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, 0, root1))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, 0, root2))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, with(path, 0, path.get(0)))).isFalse();
            assertThat(ProofVerifier.isValidConsistency(size1, size2, root1, root2, path.subList(0, path.size() - 1))).isFalse();
        }
    }

    @Test
    void trivialConsistencyCasesFollowTheReferenceVerifier() {
        byte[] root1 = "don't care 1 ...................".getBytes();
        byte[] root2 = "don't care 2 ...................".getBytes();
        byte[] empty = MerkleHash.emptyRoot();
        assertThat(ProofVerifier.isValidConsistency(0, 0, root1, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(1, 1, root1, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(0, 0, root1, root1, List.of())).isTrue();
        assertThat(ProofVerifier.isValidConsistency(0, 1, root1, root2, List.of())).isTrue();
        assertThat(ProofVerifier.isValidConsistency(1, 1, root2, root2, List.of())).isTrue();
        assertThat(ProofVerifier.isValidConsistency(1, 0, root1, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(2, 1, root1, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(1, 2, root1, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(0, 0, empty, root2, List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(0, 0, empty, empty, List.of(empty))).isFalse();
        assertThat(ProofVerifier.isValidConsistency(0, 1, empty, empty, List.of(empty))).isFalse();
        assertThat(ProofVerifier.isValidConsistency(1, 1, empty, empty, List.of(empty))).isFalse();
    }

    @Test
    void failuresNameWhatIsWrong() {
        byte[] leaf = MerkleHash.leafHash(LEAF_INPUTS.get(0));
        byte[] root = hex(ROOTS.get(8));
        List<byte[]> path = decode(INCLUSION.get(1).path());
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(8, 8, leaf, path, root))
                .isInstanceOf(ProofException.class).hasMessageContaining("leaf index 8 is not below tree size 8");
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 8, leaf, path.subList(0, 2), root))
                .hasMessageContaining("has 2 hashes, expected 3");
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 8, leaf, path, hex(ROOTS.get(7))))
                .hasMessageContaining("not the expected root");
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 8, new byte[31], path, root))
                .hasMessageContaining("leaf hash must be a 32-byte hash");
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, hex(ROOTS.get(6)), hex(ROOTS.get(7)),
                decode(CONSISTENCY.get(2).path())))
                .hasMessageContaining("new root");
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, hex(ROOTS.get(5)), hex(ROOTS.get(8)),
                decode(CONSISTENCY.get(2).path())))
                .hasMessageContaining("old root");
    }

    static List<byte[]> decode(List<String> hexes) {
        return hexes.stream().map(TestHex::hex).toList();
    }

    static List<byte[]> with(List<byte[]> path, int position, byte[] extra) {
        List<byte[]> copy = new ArrayList<>(path);
        copy.add(position, extra);
        return copy;
    }
}
