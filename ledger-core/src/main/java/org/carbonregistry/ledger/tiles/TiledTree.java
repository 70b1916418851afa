package org.carbonregistry.ledger.tiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.NodeId;
import org.carbonregistry.ledger.merkle.NodeReader;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.ledger.merkle.Proofs;

/**
 * The tree of one checkpointed size, read from its tiles: its root, RFC 9162 inclusion and consistency proofs, its
 * leaf hashes and entries. Roots and proofs are computed by {@link Proofs}, the code the ledger proves with, over the
 * tiles instead of the database; fetched tiles are kept for the life of this object.
 *
 * <p>What a tile says is only as good as what it is checked against: compare {@link #root()} with a verified
 * checkpoint's root, check consistency with {@link #verifyConsistency} (a real RFC 9162 proof, so tiles alone cannot
 * fake it), and authenticate entries by folding them into the checkpoint's root (e.g. with {@code CompactRange}).
 */
public final class TiledTree {

    private final long treeSize;
    private final TileSource source;
    private final Map<TileAddress, List<byte[]>> tiles = new HashMap<>();
    private final Proofs proofs;

    public TiledTree(long treeSize, TileSource source) {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative, was " + treeSize);
        }
        this.treeSize = treeSize;
        this.source = source;
        this.proofs = new Proofs(new TileNodes());
    }

    public long size() {
        return treeSize;
    }

    /** MTH of the tree, from the tiles on its right edge. */
    public byte[] root() throws IOException {
        return unchecked(() -> proofs.root(treeSize));
    }

    /** Checks that the tiles give {@code expectedRoot}, e.g. the root of the checkpoint that named this size. */
    public void verifyRoot(byte[] expectedRoot) throws IOException, ProofException {
        byte[] root = root();
        if (!MessageDigest.isEqual(root, expectedRoot)) {
            throw new ProofException("the tiles of tree size " + treeSize + " give root " + HexFormat.of().formatHex(root)
                    + ", not the checkpoint's " + HexFormat.of().formatHex(expectedRoot));
        }
    }

    /** RFC 9162 inclusion path of leaf {@code leafIndex} in this tree. */
    public List<byte[]> inclusionProof(long leafIndex) throws IOException {
        return unchecked(() -> proofs.inclusion(leafIndex, treeSize));
    }

    /** RFC 9162 consistency path from tree size {@code oldSize} to this tree. */
    public List<byte[]> consistencyProof(long oldSize) throws IOException {
        return unchecked(() -> proofs.consistency(oldSize, treeSize));
    }

    /**
     * Checks that this tree, whose root is {@code newRoot}, extends the tree of {@code oldSize} leaves with root
     * {@code oldRoot}: the consistency proof is built from the tiles and verified as any RFC 9162 proof.
     */
    public void verifyConsistency(long oldSize, byte[] oldRoot, byte[] newRoot) throws IOException, ProofException {
        if (oldSize > treeSize) {
            throw new ProofException("tree size " + oldSize + " is larger than this tree's " + treeSize
                    + ": the log shrank or this checkpoint is older");
        }
        ProofVerifier.verifyConsistency(oldSize, treeSize, oldRoot, newRoot, consistencyProof(oldSize));
    }

    /** Leaf hashes {@code [start, end)} from the level 0 tiles. */
    public List<byte[]> leafHashes(long start, long end) throws IOException {
        checkRange(start, end);
        List<byte[]> hashes = new ArrayList<>((int) Math.min(end - start, Integer.MAX_VALUE));
        for (long tile = start / Tiles.WIDTH; tile * Tiles.WIDTH < end; tile++) {
            TileAddress address = Tiles.hashTile(0, tile, treeSize).orElseThrow();
            List<byte[]> tileHashes = hashTile(address);
            hashes.addAll(slice(tileHashes, address, start, end));
        }
        return hashes;
    }

    /**
     * Entries {@code [start, end)} from the entry bundles; each must hash to its leaf hash in the level 0 tile (the
     * spec's rule), so a bundle cannot disagree with the tree the root was computed from.
     */
    public List<byte[]> entries(long start, long end) throws IOException {
        checkRange(start, end);
        List<byte[]> entries = new ArrayList<>((int) Math.min(end - start, Integer.MAX_VALUE));
        for (long tile = start / Tiles.WIDTH; tile * Tiles.WIDTH < end; tile++) {
            TileAddress address = Tiles.entryBundle(tile, treeSize).orElseThrow();
            List<byte[]> bundle = EntryBundle.decode(source.read(address));
            if (bundle.size() != address.width()) {
                throw new TileFormatException(address.path() + " holds " + bundle.size() + " entries, not " + address.width());
            }
            List<byte[]> leafHashes = hashTile(Tiles.hashTile(0, tile, treeSize).orElseThrow());
            for (int i = 0; i < bundle.size(); i++) {
                if (!MessageDigest.isEqual(MerkleHash.leafHash(bundle.get(i)), leafHashes.get(i))) {
                    throw new TileFormatException("entry " + (address.firstNode() + i) + " in " + address.path()
                            + " does not hash to its leaf hash in the level 0 tile");
                }
            }
            entries.addAll(slice(bundle, address, start, end));
        }
        return entries;
    }

    /** The hashes of a Merkle tile of this tree, fetched once and checked for its width. */
    public List<byte[]> hashTile(TileAddress address) throws IOException {
        List<byte[]> hashes = tiles.get(address);
        if (hashes == null) {
            if (address.kind() != TileAddress.Kind.HASHES || !Tiles.covers(treeSize, address)) {
                throw new IllegalArgumentException(address.path() + " is not a Merkle tile of tree size " + treeSize);
            }
            hashes = List.copyOf(Tiles.decodeHashes(source.read(address), address.width()));
            tiles.put(address, hashes);
        }
        return hashes;
    }

    private void checkRange(long start, long end) {
        if (start < 0 || end < start || end > treeSize) {
            throw new IllegalArgumentException("leaves [" + start + ", " + end + ") are not in a tree of " + treeSize);
        }
    }

    private static List<byte[]> slice(List<byte[]> tile, TileAddress address, long start, long end) {
        long first = address.firstNode();
        int from = (int) Math.max(0, start - first);
        int to = (int) Math.min(tile.size(), end - first);
        return tile.subList(from, to);
    }

    /** Nodes of this tree: the at most 128 tile hashes below a node folded into it (a tile's node itself at k = 0). */
    private final class TileNodes implements NodeReader {
        @Override
        public Map<NodeId, byte[]> read(Collection<NodeId> ids) {
            Map<NodeId, byte[]> found = new HashMap<>(ids.size() * 2);
            for (NodeId id : ids) {
                TileAddress address = Tiles.tileBelow(id, treeSize);
                int shift = id.level() % Tiles.HEIGHT;
                int offset = (int) ((id.index() << shift) - address.firstNode());
                try {
                    found.put(id, MerkleHash.subtreeRoot(hashTile(address).subList(offset, offset + (1 << shift))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return found;
        }
    }

    private static <T> T unchecked(Supplier<T> computation) throws IOException {
        try {
            return computation.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
