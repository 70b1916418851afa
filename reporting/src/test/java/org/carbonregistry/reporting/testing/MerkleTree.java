package org.carbonregistry.reporting.testing;

import org.carbonregistry.reporting.ledger.InclusionProof;

import java.util.ArrayList;
import java.util.List;

/**
 * The RFC 9162 section 2.1 tree computed straight from its definition (MTH and PATH), to make inclusion proofs
 * for tests independently of the verifier under test.
 */
public final class MerkleTree {

    private final List<byte[]> leafHashes;

    public MerkleTree(List<byte[]> leaves) {
        this.leafHashes = leaves.stream().map(InclusionProof::leafHash).toList();
    }

    public byte[] root() {
        return mth(0, leafHashes.size());
    }

    public byte[] leafHash(int index) {
        return leafHashes.get(index);
    }

    public List<byte[]> path(int index) {
        return path(index, 0, leafHashes.size());
    }

    private byte[] mth(int from, int to) {
        if (to - from == 1) {
            return leafHashes.get(from);
        }
        int k = largestPowerOfTwoBelow(to - from);
        return sha(mth(from, from + k), mth(from + k, to));
    }

    private List<byte[]> path(int m, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return new ArrayList<>();
        }
        int k = largestPowerOfTwoBelow(n);
        List<byte[]> path;
        if (m < k) {
            path = path(m, from, from + k);
            path.add(mth(from + k, to));
        } else {
            path = path(m - k, from + k, to);
            path.add(mth(from, from + k));
        }
        return path;
    }

    private static byte[] sha(byte[] left, byte[] right) {
        return InclusionProof.nodeHash(left, right);
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

}
