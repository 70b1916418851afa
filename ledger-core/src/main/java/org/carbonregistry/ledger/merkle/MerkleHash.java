package org.carbonregistry.ledger.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** RFC 9162 section 2.1.1 hashing with SHA-256: domain-separated leaf and interior node hashes. */
public final class MerkleHash {

    /** Length in bytes of every hash in the tree. */
    public static final int SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // MessageDigest is not thread-safe and costly to look up; one per thread keeps appends fast.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHash::newSha256);

    private MerkleHash() {
    }

    /** SHA-256 of {@code data}. */
    public static byte[] sha256(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest(data);
    }

    /** MTH of a single entry: SHA-256(0x00 || data). */
    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(LEAF_PREFIX);
        return digest.digest(data);
    }

    /** Interior node: SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(NODE_PREFIX);
        digest.update(left);
        return digest.digest(right);
    }

    /**
     * MTH of a perfect subtree from its {@code 2^k} descendants {@code count} levels down, left to right: how a
     * node between stored (or tiled) levels is recomputed. {@code hashes} is not changed.
     */
    public static byte[] subtreeRoot(List<byte[]> hashes) {
        int count = hashes.size();
        if (count == 0 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("a perfect subtree has a power of two of descendants, not " + count);
        }
        byte[][] layer = hashes.toArray(new byte[0][]);
        for (int width = count; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                layer[i] = nodeHash(layer[2 * i], layer[2 * i + 1]);
            }
        }
        return layer[0];
    }

    /** MTH of the empty tree: SHA-256 of the empty string. */
    public static byte[] emptyRoot() {
        return sha256(new byte[0]);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
