package org.carbonregistry.ledger.merkle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RFC 9162 section 2.1 definitions transcribed literally and recursively (MTH, PATH, PROOF,
 * SUBPROOF) over in-memory leaf hashes: the oracle the stored-node implementation is checked against.
 */
final class ReferenceTree {

    private final List<byte[]> leafHashes;
    private final Map<Long, byte[]> mthCache = new HashMap<>();

    ReferenceTree(List<byte[]> leafHashes) {
        this.leafHashes = List.copyOf(leafHashes);
    }

    static ReferenceTree ofLeafData(List<byte[]> leafData) {
        return new ReferenceTree(leafData.stream().map(MerkleHash::leafHash).toList());
    }

    byte[] leafHash(int index) {
        return leafHashes.get(index);
    }

    /** MTH(D[0:n]). */
    byte[] root(int n) {
        return n == 0 ? MerkleHash.emptyRoot() : mth(0, n);
    }

    /** MTH(D[start:end]) for a non-empty range. */
    byte[] mth(int start, int end) {
        long key = ((long) start << 32) | end;
        byte[] cached = mthCache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] hash;
        if (end - start == 1) {
            hash = leafHashes.get(start);
        } else {
            int k = largestPowerOfTwoBelow(end - start);
            hash = MerkleHash.nodeHash(mth(start, start + k), mth(start + k, end));
        }
        mthCache.put(key, hash);
        return hash;
    }

    /** PATH(m, D[0:n]). */
    List<byte[]> path(int m, int n) {
        return path(m, 0, n);
    }

    private List<byte[]> path(int m, int start, int end) {
        List<byte[]> result = new ArrayList<>();
        if (end - start <= 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(end - start);
        if (m < k) {
            result.addAll(path(m, start, start + k));
            result.add(mth(start + k, end));
        } else {
            result.addAll(path(m - k, start + k, end));
            result.add(mth(start, start + k));
        }
        return result;
    }

    /** PROOF(m, D[0:n]) for 0 < m <= n. */
    List<byte[]> consistency(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int start, int end, boolean wholeOldTree) {
        List<byte[]> result = new ArrayList<>();
        int n = end - start;
        if (m == n) {
            if (!wholeOldTree) {
                result.add(mth(start, end));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, start, start + k, wholeOldTree));
            result.add(mth(start + k, end));
        } else {
            result.addAll(subproof(m - k, start + k, end, false));
            result.add(mth(start, start + k));
        }
        return result;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }
}
