package org.carbonregistry.ledger.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * RFC 9162 proof verification: section 2.1.3.2 (inclusion) and 2.1.4.2 (consistency). Needs only
 * the proof and the roots, never the log. The expected path length is checked first so that a
 * failure says precisely what is wrong.
 *
 * <p>The tree size is not committed in a root: a verifier must take the size from the same signed
 * tree head (checkpoint) as the root, never from the party that supplies the proof alone.
 */
public final class ProofVerifier {

    private ProofVerifier() {
    }

    /** Whether the inclusion proof is valid; see {@link #verifyInclusion}. */
    public static boolean isValidInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        return inclusionFailure(leafIndex, treeSize, leafHash, path, root) == null;
    }

    /**
     * Verifies that {@code leafHash} is leaf {@code leafIndex} of the tree of {@code treeSize} leaves
     * whose root is {@code root}.
     *
     * @throws ProofException naming the failed check
     */
    public static void verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root)
            throws ProofException {
        String failure = inclusionFailure(leafIndex, treeSize, leafHash, path, root);
        if (failure != null) {
            throw new ProofException(failure);
        }
    }

    /** The root an inclusion path leads to (RFC 9162 section 2.1.3.2 steps 1 to 4). */
    public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path)
            throws ProofException {
        StringBuilder failure = new StringBuilder();
        byte[] root = inclusionRoot(leafIndex, treeSize, leafHash, path, failure);
        if (root == null) {
            throw new ProofException(failure.toString());
        }
        return root;
    }

    /** Whether the consistency proof is valid; see {@link #verifyConsistency}. */
    public static boolean isValidConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> path) {
        return consistencyFailure(size1, size2, root1, root2, path) == null;
    }

    /**
     * Verifies that the tree of {@code size2} leaves with root {@code root2} extends the tree of
     * {@code size1} leaves with root {@code root1}. Trees of equal size are consistent when their roots
     * are equal and the path is empty; the empty tree is consistent with every tree (empty path).
     *
     * @throws ProofException naming the failed check
     */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> path)
            throws ProofException {
        String failure = consistencyFailure(size1, size2, root1, root2, path);
        if (failure != null) {
            throw new ProofException(failure);
        }
    }

    /** Number of hashes in the inclusion path of {@code leafIndex} in a tree of {@code treeSize}. */
    public static int inclusionPathLength(long leafIndex, long treeSize) {
        // Levels where the paths of the leaf and of the last leaf differ, plus the complete left
        // siblings above the level where they meet.
        int inner = 64 - Long.numberOfLeadingZeros(leafIndex ^ (treeSize - 1));
        int border = Long.bitCount(leafIndex >>> inner);
        return inner + border;
    }

    /** Number of hashes in the consistency path from {@code size1} to {@code size2}, for 0 < size1 < size2. */
    public static int consistencyPathLength(long size1, long size2) {
        long lastOld = size1 - 1;
        int inner = 64 - Long.numberOfLeadingZeros(lastOld ^ (size2 - 1));
        int border = Long.bitCount(lastOld >>> inner);
        int shift = Long.numberOfTrailingZeros(size1);
        // The old tree's rightmost complete subtree leads the path unless it is the whole old tree.
        int seed = size1 == (1L << shift) ? 0 : 1;
        return seed + (inner - shift) + border;
    }

    // Failures are returned as messages rather than thrown so that isValid* costs no exception.

    private static String inclusionFailure(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] root) {
        String rootProblem = hashProblem("root", root);
        if (rootProblem != null) {
            return rootProblem;
        }
        StringBuilder failure = new StringBuilder();
        byte[] computed = inclusionRoot(leafIndex, treeSize, leafHash, path, failure);
        if (computed == null) {
            return failure.toString();
        }
        if (!MessageDigest.isEqual(computed, root)) {
            return "inclusion path of leaf " + leafIndex + " in tree size " + treeSize
                    + " leads to root " + hex(computed) + ", not the expected root " + hex(root);
        }
        return null;
    }

    private static byte[] inclusionRoot(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, StringBuilder failure) {
        if (treeSize <= 0) {
            failure.append("tree size ").append(treeSize).append(" has no leaves");
            return null;
        }
        if (leafIndex < 0 || leafIndex >= treeSize) {
            failure.append("leaf index ").append(leafIndex).append(" is not below tree size ").append(treeSize);
            return null;
        }
        String problem = hashProblem("leaf hash", leafHash);
        if (problem == null) {
            problem = pathProblem(path, inclusionPathLength(leafIndex, treeSize),
                    "inclusion path of leaf " + leafIndex + " in tree size " + treeSize);
        }
        if (problem != null) {
            failure.append(problem);
            return null;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                failure.append("inclusion path is longer than the tree is deep");
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHash.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHash.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            failure.append("inclusion path is shorter than the tree is deep");
            return null;
        }
        return r;
    }

    private static String consistencyFailure(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> path) {
        if (size1 < 0 || size2 < size1) {
            return "old tree size " + size1 + " must be between 0 and new tree size " + size2;
        }
        String problem = hashProblem("old root", root1);
        if (problem == null) {
            problem = hashProblem("new root", root2);
        }
        if (problem != null) {
            return problem;
        }
        if (path == null) {
            return "consistency path is missing";
        }
        if (size1 == size2) {
            if (!path.isEmpty()) {
                return "consistency path between equal tree sizes must be empty, has " + path.size() + " hashes";
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                return "trees of equal size " + size1 + " have different roots " + hex(root1) + " and " + hex(root2);
            }
            return null;
        }
        if (size1 == 0) {
            return path.isEmpty() ? null
                    : "consistency path from the empty tree must be empty, has " + path.size() + " hashes";
        }
        problem = pathProblem(path, consistencyPathLength(size1, size2),
                "consistency path from tree size " + size1 + " to " + size2);
        if (problem != null) {
            return problem;
        }

        List<byte[]> hashes = new ArrayList<>(path.size() + 1);
        if (Long.bitCount(size1) == 1) {
            hashes.add(root1);
        }
        hashes.addAll(path);
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = hashes.get(0);
        byte[] sr = hashes.get(0);
        for (byte[] c : hashes.subList(1, hashes.size())) {
            if (sn == 0) {
                return "consistency path is longer than the new tree is deep";
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHash.nodeHash(c, fr);
                sr = MerkleHash.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHash.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            return "consistency path is shorter than the new tree is deep";
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            return "consistency path leads to old root " + hex(fr) + ", not the expected " + hex(root1);
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            return "consistency path leads to new root " + hex(sr) + ", not the expected " + hex(root2);
        }
        return null;
    }

    private static String pathProblem(List<byte[]> path, int expected, String what) {
        if (path == null) {
            return what + " is missing";
        }
        if (path.size() != expected) {
            return what + " has " + path.size() + " hashes, expected " + expected;
        }
        for (int i = 0; i < path.size(); i++) {
            byte[] hash = path.get(i);
            if (hash == null || hash.length != MerkleHash.SIZE) {
                return what + ": element " + i + " is not a " + MerkleHash.SIZE + "-byte hash";
            }
        }
        return null;
    }

    private static String hashProblem(String what, byte[] hash) {
        if (hash == null || hash.length != MerkleHash.SIZE) {
            return what + " must be a " + MerkleHash.SIZE + "-byte hash, was "
                    + (hash == null ? "missing" : hash.length + " bytes");
        }
        return null;
    }

    private static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
