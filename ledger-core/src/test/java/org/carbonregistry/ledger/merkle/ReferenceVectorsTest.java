package org.carbonregistry.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.carbonregistry.ledger.merkle.TestHex.hex;
import static org.carbonregistry.ledger.merkle.TestHex.hexes;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 test tree used by Certificate Transparency and transparency-dev/merkle
 * (testonly/constants.go and proof/verify_test.go): eight leaves, every complete node, the roots of
 * sizes 0 to 8, and the published inclusion and consistency proofs.
 */
class ReferenceVectorsTest {

    static final List<byte[]> LEAF_INPUTS = List.of(
            hex(""), hex("00"), hex("10"), hex("2021"), hex("3031"), hex("40414243"),
            hex("5051525354555657"), hex("606162636465666768696a6b6c6d6e6f"));

    static final List<List<String>> NODE_HASHES = List.of(
            List.of("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
            List.of("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            List.of("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            List.of("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    record InclusionVector(long leafIndex, long treeSize, List<String> path) {
    }

    record ConsistencyVector(long size1, long size2, List<String> path) {
    }

    // verify_test.go numbers leaves from 1; these are 0-based.
    static final List<InclusionVector> INCLUSION = List.of(
            new InclusionVector(0, 1, List.of()),
            new InclusionVector(0, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new InclusionVector(5, 8, List.of(
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new InclusionVector(2, 3, List.of(
                    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
            new InclusionVector(1, 5, List.of(
                    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));

    static final List<ConsistencyVector> CONSISTENCY = List.of(
            new ConsistencyVector(1, 1, List.of()),
            new ConsistencyVector(1, 8, List.of(
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
            new ConsistencyVector(6, 8, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
            new ConsistencyVector(2, 5, List.of(
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
            new ConsistencyVector(6, 7, List.of(
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));

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
