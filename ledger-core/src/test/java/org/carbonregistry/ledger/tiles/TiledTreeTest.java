package org.carbonregistry.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carbonregistry.ledger.merkle.CompactRange;
import org.carbonregistry.ledger.merkle.MerkleHash;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.junit.jupiter.api.Test;

/**
 * The client against tiles made here from the spec's definition (tile L holds MTH of 256^L leaves each), not from
 * the code under test; roots are checked against {@link CompactRange}.
 */
class TiledTreeTest {

    @Test
    void rebuildsTheRootOfEverySizeUpTo600AndAroundTheLevelBoundaries() throws IOException {
        Log log = new Log(70_000);
        List<Long> sizes = new ArrayList<>();
        for (long size = 0; size <= 600; size++) {
            sizes.add(size);
        }
        sizes.addAll(List.of(65_535L, 65_536L, 65_537L, 65_792L, 69_999L, 70_000L));
        for (long size : sizes) {
            assertThat(new TiledTree(size, log.source(size)).root()).as("size %d", size).isEqualTo(log.root(size));
        }
    }

    @Test
    void consistencyBetweenTwoSizesIsAVerifiedProof() throws Exception {
        Log log = new Log(70_000);
        TiledTree tree = new TiledTree(70_000, log.source(70_000));
        for (long old : new long[] {0, 1, 255, 256, 257, 4096, 65_535, 65_536, 69_999, 70_000}) {
            tree.verifyConsistency(old, log.root(old), log.root(70_000));
        }
        assertThatThrownBy(() -> tree.verifyConsistency(300, log.root(301), log.root(70_000)))
                .isInstanceOf(ProofException.class).hasMessageContaining("old root");
    }

    @Test
    void aTamperedTileFailsTheRootOrTheConsistencyCheck() throws Exception {
        Log log = new Log(1000);
        TileSource honest = log.source(1000);
        TileSource tampered = address -> {
            byte[] tile = honest.read(address);
            if (address.equals(TileAddress.hashes(1, 0, 3))) {
                tile[5] ^= 1;
            }
            return tile;
        };
        assertThatThrownBy(() -> new TiledTree(1000, tampered).verifyRoot(log.root(1000)))
                .isInstanceOf(ProofException.class).hasMessageContaining("give root");
        assertThatThrownBy(() -> new TiledTree(1000, tampered).verifyConsistency(300, log.root(300), log.root(1000)))
                .isInstanceOf(ProofException.class);
    }

    @Test
    void inclusionProofsFromTilesVerify() throws Exception {
        Log log = new Log(70_000);
        TiledTree tree = new TiledTree(69_999, log.source(69_999));
        for (long leaf : new long[] {0, 255, 256, 65_535, 65_536, 69_998}) {
            ProofVerifier.verifyInclusion(leaf, 69_999, log.leafHashes.get((int) leaf), tree.inclusionProof(leaf),
                    log.root(69_999));
        }
    }

    @Test
    void entriesAndLeafHashesAcrossTileBoundaries() throws IOException {
        Log log = new Log(1000);
        TiledTree tree = new TiledTree(1000, log.source(1000));
        List<byte[]> entries = tree.entries(250, 780);
        assertThat(entries).hasSize(530);
        assertThat(new String(entries.get(0), StandardCharsets.UTF_8)).isEqualTo("entry 250");
        assertThat(new String(entries.get(529), StandardCharsets.UTF_8)).isEqualTo("entry 779");
        assertThat(tree.leafHashes(0, 1000)).containsExactlyElementsOf(log.leafHashes.subList(0, 1000));
    }

    @Test
    void aBundleThatDisagreesWithTheLevel0TileIsRefused() {
        Log log = new Log(300);
        TileSource honest = log.source(300);
        TileSource swapped = address -> address.kind() == TileAddress.Kind.ENTRIES && address.index() == 1
                ? EntryBundle.encode(java.util.Collections.nCopies(address.width(), "forged".getBytes(StandardCharsets.UTF_8)))
                : honest.read(address);
        assertThatThrownBy(() -> new TiledTree(300, swapped).entries(0, 300))
                .isInstanceOf(TileFormatException.class).hasMessageContaining("entry 256 in tile/entries/001.p/44");
    }

    @Test
    void onlyTilesOfTheTreesSizeAreFetched() throws IOException {
        Log log = new Log(70_000);
        List<String> fetched = new ArrayList<>();
        TileSource source = log.source(70_000);
        new TiledTree(70_000, address -> {
            fetched.add(address.path());
            return source.read(address);
        }).root();
        // 70,000 = 65,536 + 4,096 + 256 + 112: the level 2 tile, part of the partial level 1 tile, the partial level 0 tile.
        assertThat(fetched).containsExactlyInAnyOrder("tile/2/000.p/1", "tile/1/001.p/17", "tile/0/273.p/112");
    }

    /** Entries "entry i", their leaf hashes, and every tile by the spec's definition. */
    static final class Log {
        final List<byte[]> entries = new ArrayList<>();
        final List<byte[]> leafHashes = new ArrayList<>();
        /** levels.get(l) = the complete nodes at Merkle level l, left to right. */
        final List<List<byte[]>> levels = new ArrayList<>();

        Log(int size) {
            for (int i = 0; i < size; i++) {
                byte[] entry = ("entry " + i).getBytes(StandardCharsets.UTF_8);
                entries.add(entry);
                leafHashes.add(MerkleHash.leafHash(entry));
            }
            levels.add(leafHashes);
            while (levels.get(levels.size() - 1).size() > 1) {
                List<byte[]> below = levels.get(levels.size() - 1);
                List<byte[]> above = new ArrayList<>();
                for (int i = 0; i + 1 < below.size(); i += 2) {
                    above.add(MerkleHash.nodeHash(below.get(i), below.get(i + 1)));
                }
                levels.add(above);
            }
        }

        byte[] root(long size) {
            return CompactRange.empty().append(leafHashes.subList(0, (int) size)).range().root();
        }

        /** Serves exactly the tiles a checkpoint of {@code size} has, and refuses every other address. */
        TileSource source(long size) {
            Map<TileAddress, byte[]> served = new HashMap<>();
            return address -> {
                if (!Tiles.covers(size, address)) {
                    throw new IOException(address.path() + " is beyond tree size " + size);
                }
                return served.computeIfAbsent(address, this::tile).clone();
            };
        }

        private byte[] tile(TileAddress address) {
            int first = (int) address.firstNode();
            if (address.kind() == TileAddress.Kind.ENTRIES) {
                return EntryBundle.encode(entries.subList(first, first + address.width()));
            }
            return Tiles.encodeHashes(levels.get(Tiles.merkleLevel(address.level())).subList(first, first + address.width()));
        }
    }
}
