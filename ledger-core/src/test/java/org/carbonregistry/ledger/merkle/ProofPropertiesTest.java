package org.carbonregistry.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.ledger.merkle.TestHex.hexes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every inclusion proof of every tree up to 300 leaves and every consistency proof between two such
 * trees, built from stored nodes, equals the literal RFC 9162 recursion, verifies, costs one read of
 * O(log n) nodes, and stops verifying when any bit or parameter is changed.
 */
class ProofPropertiesTest {

    static final int MAX_SIZE = 300;
    /** Up to this size every bit of every hash is flipped; above it a deterministic sample. */
    static final int EXHAUSTIVE_FLIP_SIZE = 16;

    static ReferenceTree reference;
    static InMemoryNodeStore store;
    static Proofs proofs;
    static List<byte[]> roots;

    @BeforeAll
    static void appendLeavesOneAtATime() {
        List<byte[]> leafData = new ArrayList<>();
        for (int i = 0; i < MAX_SIZE; i++) {
            leafData.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        reference = ReferenceTree.ofLeafData(leafData);
        store = new InMemoryNodeStore();
        roots = new ArrayList<>();
        CompactRange range = CompactRange.empty();
        roots.add(range.root());
        for (byte[] data : leafData) {
            AppendResult result = range.append(List.of(MerkleHash.leafHash(data)));
            store.write(result.newNodes());
            range = result.range();
            roots.add(result.root());
        }
        proofs = new Proofs(store);
    }

    @Test
    void rootOfEverySizeMatchesTheReference() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            assertThat(roots.get(size)).as("compact range root %d", size).isEqualTo(reference.root(size));
            assertThat(proofs.root(size)).as("stored root %d", size).isEqualTo(reference.root(size));
        }
    }

    @Test
    void storeHoldsExactlyTheCompleteSubtrees() {
        // A tree of n leaves has n leaves and, at each level l > 0, floor(n / 2^l) complete nodes.
        int expected = 0;
        for (int level = 0; (1 << level) <= MAX_SIZE; level++) {
            expected += MAX_SIZE >> level;
        }
        assertThat(store.size()).isEqualTo(expected);
    }

    @Test
    void everyInclusionProofEqualsTheReferenceAndVerifies() throws ProofException {
        for (int size = 1; size <= MAX_SIZE; size++) {
            for (int index = 0; index < size; index++) {
                List<byte[]> path = proofs.inclusion(index, size);
                assertThat(hexes(path)).as("PATH(%d, D[%d])", index, size).isEqualTo(hexes(reference.path(index, size)));
                ProofVerifier.verifyInclusion(index, size, reference.leafHash(index), path, roots.get(size));
            }
        }
    }

    @Test
    void everyConsistencyProofEqualsTheReferenceAndVerifies() throws ProofException {
        for (int size2 = 1; size2 <= MAX_SIZE; size2++) {
            for (int size1 = 1; size1 <= size2; size1++) {
                List<byte[]> path = proofs.consistency(size1, size2);
                assertThat(hexes(path)).as("PROOF(%d, D[%d])", size1, size2)
                        .isEqualTo(hexes(reference.consistency(size1, size2)));
                ProofVerifier.verifyConsistency(size1, size2, roots.get(size1), roots.get(size2), path);
            }
        }
    }

    @Test
    void everyProofIsOneReadOfLogarithmicallyManyNodes() {
        for (int size = 1; size <= MAX_SIZE; size++) {
            int bound = 2 * (64 - Long.numberOfLeadingZeros(size));
            for (int index = 0; index < size; index++) {
                assertThat(ProofPlanner.inclusion(index, size).nodeIds()).hasSizeLessThanOrEqualTo(bound);
            }
            for (int size1 = 1; size1 <= size; size1++) {
                assertThat(ProofPlanner.consistency(size1, size).nodeIds()).hasSizeLessThanOrEqualTo(bound + 1);
            }
        }
        long before = store.readCount();
        proofs.inclusion(137, 299);
        assertThat(store.readCount() - before).isEqualTo(1);
        proofs.consistency(137, 299);
        assertThat(store.readCount() - before).isEqualTo(2);
        proofs.root(299);
        assertThat(store.readCount() - before).isEqualTo(3);
    }

    @Test
    void flippingAnyBitOfAnInclusionProofLeafOrRootFailsVerification() {
        List<String> accepted = new ArrayList<>();
        int checked = 0;
        for (int size = 1; size <= MAX_SIZE; size++) {
            byte[] root = roots.get(size);
            for (int index = 0; index < size; index++) {
                if (!sampled(size, index)) {
                    continue;
                }
                List<byte[]> path = reference.path(index, size);
                byte[] leaf = reference.leafHash(index);
                for (int bit : bitsToFlip(size, index, 0)) {
                    if (ProofVerifier.isValidInclusion(index, size, flip(leaf, bit), path, root)) {
                        accepted.add("leaf " + index + " of " + size + ", leaf hash bit " + bit);
                    }
                    if (ProofVerifier.isValidInclusion(index, size, leaf, path, flip(root, bit))) {
                        accepted.add("leaf " + index + " of " + size + ", root bit " + bit);
                    }
                    checked += 2;
                }
                for (int element = 0; element < path.size(); element++) {
                    for (int bit : bitsToFlip(size, index, element + 1)) {
                        List<byte[]> corrupted = new ArrayList<>(path);
                        corrupted.set(element, flip(path.get(element), bit));
                        if (ProofVerifier.isValidInclusion(index, size, leaf, corrupted, root)) {
                            accepted.add("leaf " + index + " of " + size + ", path[" + element + "] bit " + bit);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(accepted).as("corrupted inclusion proofs that verified").isEmpty();
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void flippingAnyBitOfAConsistencyProofOrRootFailsVerification() {
        List<String> accepted = new ArrayList<>();
        int checked = 0;
        for (int size2 = 2; size2 <= MAX_SIZE; size2++) {
            for (int size1 = 1; size1 < size2; size1++) {
                if (!sampled(size2, size1)) {
                    continue;
                }
                List<byte[]> path = reference.consistency(size1, size2);
                byte[] root1 = roots.get(size1);
                byte[] root2 = roots.get(size2);
                for (int bit : bitsToFlip(size2, size1, 0)) {
                    if (ProofVerifier.isValidConsistency(size1, size2, flip(root1, bit), root2, path)) {
                        accepted.add(size1 + " to " + size2 + ", old root bit " + bit);
                    }
                    if (ProofVerifier.isValidConsistency(size1, size2, root1, flip(root2, bit), path)) {
                        accepted.add(size1 + " to " + size2 + ", new root bit " + bit);
                    }
                    checked += 2;
                }
                for (int element = 0; element < path.size(); element++) {
                    for (int bit : bitsToFlip(size2, size1, element + 1)) {
                        List<byte[]> corrupted = new ArrayList<>(path);
                        corrupted.set(element, flip(path.get(element), bit));
                        if (ProofVerifier.isValidConsistency(size1, size2, root1, root2, corrupted)) {
                            accepted.add(size1 + " to " + size2 + ", path[" + element + "] bit " + bit);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(accepted).as("corrupted consistency proofs that verified").isEmpty();
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void anInclusionProofDoesNotProveAnyOtherLeafIndex() {
        for (int size = 2; size <= MAX_SIZE; size++) {
            byte[] root = roots.get(size);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = reference.path(index, size);
                byte[] leaf = reference.leafHash(index);
                for (long other : new long[] {index - 1L, index + 1L, index ^ 1L, index ^ 2L, size - 1L - index, size}) {
                    if (other != index) {
                        assertThat(ProofVerifier.isValidInclusion(other, size, leaf, path, root))
                                .as("leaf %d of %d claimed as leaf %d", index, size, other).isFalse();
                    }
                }
            }
        }
    }

    /**
     * A changed tree size verifies only when the proof is, bit for bit, the proof for the changed size
     * against that size's root: a proof cannot be moved to another tree. (Against the same root the
     * size is not committed in the hash: RFC 9162 verifiers must take the size from the signed tree
     * head, which the checkpoint verifier does.)
     */
    @Test
    void anInclusionProofProvesNothingAboutAnotherTreeSize() {
        for (int size = 1; size <= MAX_SIZE; size++) {
            for (int index = 0; index < size; index++) {
                List<byte[]> path = reference.path(index, size);
                byte[] leaf = reference.leafHash(index);
                for (int otherSize : new int[] {size - 1, size + 1, size * 2, size / 2}) {
                    if (otherSize == size || otherSize > MAX_SIZE || otherSize <= index) {
                        continue;
                    }
                    boolean samePath = hexes(path).equals(hexes(reference.path(index, otherSize)));
                    assertThat(ProofVerifier.isValidInclusion(index, otherSize, leaf, path, roots.get(otherSize)))
                            .as("PATH(%d, D[%d]) against tree size %d", index, size, otherSize).isEqualTo(samePath);
                }
            }
        }
    }

    @Test
    void aConsistencyProofProvesNothingAboutOtherSizes() {
        for (int size2 = 2; size2 <= MAX_SIZE; size2++) {
            for (int size1 = 1; size1 < size2; size1++) {
                List<byte[]> path = reference.consistency(size1, size2);
                for (int[] other : new int[][] {{size1 - 1, size2}, {size1 + 1, size2}, {size1, size2 + 1}, {size1, size2 - 1},
                        {size1 ^ 2, size2}, {size1, size2 * 2}}) {
                    int otherSize1 = other[0];
                    int otherSize2 = other[1];
                    if (otherSize1 < 1 || otherSize2 > MAX_SIZE || otherSize1 >= otherSize2
                            || (otherSize1 == size1 && otherSize2 == size2)) {
                        continue;
                    }
                    boolean samePath = hexes(path).equals(hexes(reference.consistency(otherSize1, otherSize2)));
                    assertThat(ProofVerifier.isValidConsistency(otherSize1, otherSize2,
                            roots.get(otherSize1), roots.get(otherSize2), path))
                            .as("PROOF(%d, D[%d]) as %d to %d", size1, size2, otherSize1, otherSize2).isEqualTo(samePath);
                }
            }
        }
    }

    @Test
    void wrongPathLengthsAndOutOfRangeIndicesAreRejected() {
        byte[] root = roots.get(10);
        byte[] leaf = reference.leafHash(3);
        List<byte[]> path = reference.path(3, 10);
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertThat(ProofVerifier.isValidInclusion(3, 10, leaf, longer, root)).isFalse();
        assertThat(ProofVerifier.isValidInclusion(3, 10, leaf, path.subList(1, path.size()), root)).isFalse();
        assertThat(ProofVerifier.isValidInclusion(10, 10, leaf, path, root)).isFalse();
        assertThat(ProofVerifier.isValidInclusion(-1, 10, leaf, path, root)).isFalse();
        assertThat(ProofVerifier.isValidInclusion(0, 0, leaf, List.of(), MerkleHash.emptyRoot())).isFalse();
        assertThat(ProofVerifier.isValidInclusion(3, 10, leaf, null, root)).isFalse();
        assertThat(ProofVerifier.isValidConsistency(5, 4, roots.get(5), roots.get(4), List.of())).isFalse();
        assertThat(ProofVerifier.isValidConsistency(-1, 4, roots.get(0), roots.get(4), List.of())).isFalse();
    }

    /**
     * Every (size, position) pair up to size 64, then one in five, chosen so that every position
     * and every size is still covered.
     */
    static boolean sampled(int size, int position) {
        return size <= 64 || (size + position) % 5 == 0;
    }

    /** Every bit for small trees; otherwise two bits that move with the position. */
    static int[] bitsToFlip(int size, int index, int element) {
        if (size <= EXHAUSTIVE_FLIP_SIZE) {
            int[] all = new int[MerkleHash.SIZE * 8];
            for (int bit = 0; bit < all.length; bit++) {
                all[bit] = bit;
            }
            return all;
        }
        int seed = size * 31 + index * 17 + element * 7;
        return new int[] {seed % 256, (seed * 13 + 101) % 256};
    }

    static byte[] flip(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }
}
