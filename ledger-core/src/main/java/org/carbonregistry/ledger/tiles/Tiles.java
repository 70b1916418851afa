package org.carbonregistry.ledger.tiles;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.NodeId;

/**
 * Tile geometry (c2sp.org/tlog-tiles, height 8): tile level {@code L} holds the tree's nodes at Merkle level
 * {@code 8 * L}, 256 of them per full tile; which tiles a tree size has; and the Merkle tile codec.
 */
public final class Tiles {

    /** Merkle levels per tile. */
    public static final int HEIGHT = 8;
    /** Hashes (or entries) in a full tile. */
    public static final int WIDTH = 1 << HEIGHT;

    private Tiles() {
    }

    /** Merkle level of the hashes in tiles of {@code tileLevel}. */
    public static int merkleLevel(int tileLevel) {
        return tileLevel * HEIGHT;
    }

    /** Complete nodes at tile level {@code tileLevel} in a tree of {@code treeSize} leaves: {@code floor(s / 256^L)}. */
    public static long nodeCount(int tileLevel, long treeSize) {
        int shift = merkleLevel(tileLevel);
        return shift >= Long.SIZE ? 0 : treeSize >>> shift;
    }

    /**
     * The tile {@code index} of {@code tileLevel} as a tree of {@code treeSize} leaves has it: full when all 256
     * nodes are complete, else the partial tile of width {@code floor(s / 256^L) mod 256}; empty when the tree does
     * not reach it (empty tiles do not exist).
     */
    public static Optional<TileAddress> hashTile(int tileLevel, long index, long treeSize) {
        int width = width(tileLevel, index, treeSize);
        return width == 0 ? Optional.empty() : Optional.of(TileAddress.hashes(tileLevel, index, width));
    }

    /** The entry bundle {@code index} as a tree of {@code treeSize} leaves has it, like {@link #hashTile}. */
    public static Optional<TileAddress> entryBundle(long index, long treeSize) {
        int width = width(0, index, treeSize);
        return width == 0 ? Optional.empty() : Optional.of(TileAddress.entries(index, width));
    }

    /** Whether a tree of {@code treeSize} leaves has every node {@code address} holds (at its own width). */
    public static boolean covers(long treeSize, TileAddress address) {
        return address.firstNode() <= nodeCount(address.level(), treeSize) - address.width();
    }

    /** The tile that holds node {@code id}'s descendants at its tile level, as a tree of {@code treeSize} has it. */
    static TileAddress tileBelow(NodeId id, long treeSize) {
        int tileLevel = id.level() / HEIGHT;
        long firstBase = id.index() << (id.level() % HEIGHT);
        return hashTile(tileLevel, firstBase / WIDTH, treeSize).orElseThrow(() -> new IllegalArgumentException(
                id + " is not a complete subtree of a tree of " + treeSize + " leaves"));
    }

    private static int width(int tileLevel, long index, long treeSize) {
        if (index < 0 || treeSize < 0) {
            throw new IllegalArgumentException("tile index and tree size must not be negative");
        }
        long count = nodeCount(tileLevel, treeSize);
        long full = count / WIDTH;
        if (index < full) {
            return WIDTH;
        }
        return index == full ? (int) (count % WIDTH) : 0;
    }

    /** A Merkle tile's bytes: its hashes concatenated. */
    public static byte[] encodeHashes(List<byte[]> hashes) {
        if (hashes.isEmpty() || hashes.size() > WIDTH) {
            throw new TileFormatException("a tile holds 1 to " + WIDTH + " hashes, not " + hashes.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(hashes.size() * MerkleHash.SIZE);
        for (byte[] hash : hashes) {
            if (hash.length != MerkleHash.SIZE) {
                throw new TileFormatException("a tile hash is " + MerkleHash.SIZE + " bytes, not " + hash.length);
            }
            out.writeBytes(hash);
        }
        return out.toByteArray();
    }

    /** The hashes of a Merkle tile, which must be exactly {@code width} hashes long. */
    public static List<byte[]> decodeHashes(byte[] tile, int width) {
        if (tile.length != width * MerkleHash.SIZE) {
            throw new TileFormatException("a tile of width " + width + " is " + width * MerkleHash.SIZE
                    + " bytes, this one is " + tile.length);
        }
        List<byte[]> hashes = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            byte[] hash = new byte[MerkleHash.SIZE];
            System.arraycopy(tile, i * MerkleHash.SIZE, hash, 0, MerkleHash.SIZE);
            hashes.add(hash);
        }
        return hashes;
    }
}
