package org.carbonregistry.reporting.ledger;

import org.carbonregistry.reporting.testing.MerkleTree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InclusionProofTest {

    private static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8));
        }
        return leaves;
    }

    @Test
    void everyLeafOfEveryTreeUpToFortyProves() {
        for (int size = 1; size <= 40; size++) {
            MerkleTree tree = new MerkleTree(leaves(size));
            for (int index = 0; index < size; index++) {
                assertThat(InclusionProof.verify(index, size, tree.leafHash(index), tree.path(index), tree.root()))
                        .as("leaf %d of %d", index, size).isTrue();
            }
        }
    }

    @Test
    void aWrongIndexSizeLeafOrPathDoesNotProve() {
        MerkleTree tree = new MerkleTree(leaves(13));
        List<byte[]> path = tree.path(6);

        assertThat(InclusionProof.verify(7, 13, tree.leafHash(6), path, tree.root())).isFalse();
        // A size whose tree has a different shape on the way up (sizes 9 to 16 share this path's shape).
        assertThat(InclusionProof.verify(6, 8, tree.leafHash(6), path, tree.root())).isFalse();
        assertThat(InclusionProof.verify(6, 17, tree.leafHash(6), path, tree.root())).isFalse();
        assertThat(InclusionProof.verify(6, 13, tree.leafHash(5), path, tree.root())).isFalse();
        assertThat(InclusionProof.verify(6, 13, tree.leafHash(6), path.subList(0, path.size() - 1), tree.root())).isFalse();
        assertThat(InclusionProof.verify(13, 13, tree.leafHash(6), path, tree.root())).isFalse();
    }
}
