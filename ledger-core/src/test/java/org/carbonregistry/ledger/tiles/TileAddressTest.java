package org.carbonregistry.ledger.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Paths and geometry exactly as c2sp.org/tlog-tiles words them; the vectors are the spec's own examples. */
class TileAddressTest {

    @Test
    void theSpecsIndexExample() {
        // "index 1234067 will be encoded as x001/x234/067"
        assertThat(TileAddress.encodeIndex(1234067)).isEqualTo("x001/x234/067");
        assertThat(TileAddress.decodeIndex("x001/x234/067")).isEqualTo(1234067);
        assertThat(TileAddress.hashes(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    }

    @ParameterizedTest
    @CsvSource({
            "0, 000", "7, 007", "999, 999", "1000, x001/000", "1001, x001/001", "999999, x999/999",
            "1000000, x001/x000/000", "9223372036854775807, x009/x223/x372/x036/x854/x775/807"})
    void indexesRoundTrip(long index, String path) {
        assertThat(TileAddress.encodeIndex(index)).isEqualTo(path);
        assertThat(TileAddress.decodeIndex(path)).isEqualTo(index);
    }

    @ParameterizedTest
    @CsvSource({
            "tile/0/000, HASHES, 0, 0, 256",
            "tile/0/x001/x234/067, HASHES, 0, 1234067, 256",
            "tile/0/x001/x234/067.p/8, HASHES, 0, 1234067, 8",
            "tile/1/000.p/1, HASHES, 1, 0, 1",
            "tile/63/x001/000.p/255, HASHES, 63, 1000, 255",
            "tile/entries/x001/x234/067.p/8, ENTRIES, 0, 1234067, 8",
            "tile/entries/273, ENTRIES, 0, 273, 256",
            "tile/0/x036/x028/x797/x018/x963/967, HASHES, 0, 36028797018963967, 256"})
    void pathsParseAndFormatAlike(String path, TileAddress.Kind kind, int level, long index, int width) {
        TileAddress address = TileAddress.parse(path);
        assertThat(address).isEqualTo(new TileAddress(kind, level, index, width));
        assertThat(address.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "tile", "tile/", "tile/0", "tile/0/", "tiles/0/000", "tile/00/000", "tile/01/000", "tile/64/000",
            "tile/-1/000", "tile/a/000", "tile/0/0", "tile/0/0000", "tile/0/x000", "tile/0/x000/001", "tile/0/001/002",
            "tile/0/x1/002", "tile/0/000.p/0", "tile/0/000.p/256", "tile/0/000.p/08", "tile/0/000.p/", "tile/0/000.p",
            "tile/0/000/", "tile/0/000.p/8/", "tile/entries/", "tile/entries/x000/001", "tile/0/+01",
            "tile/0/x010/x000/x000/x000/x000/x000/x000/000", "tile/0/x036/x028/x797/x018/x963/968"})
    void everyOtherSpellingIsRefused(String path) {
        assertThatThrownBy(() -> TileAddress.parse(path)).isInstanceOf(TileFormatException.class);
    }

    @Test
    void aTreeOf70000LeavesHasTheTilesTheSpecLists() {
        // "a tree of size 70,000 will be represented by 273 full level 0 tiles, one partial level 0 tile of width 112,
        // one full level 1 tile, one partial level 1 tile of width 17, and one partial level 2 tile of width 1"
        long size = 70_000;
        for (long n = 0; n < 273; n++) {
            assertThat(Tiles.hashTile(0, n, size)).contains(TileAddress.hashes(0, n, 256));
        }
        assertThat(Tiles.hashTile(0, 273, size)).contains(TileAddress.hashes(0, 273, 112));
        assertThat(Tiles.hashTile(0, 274, size)).isEmpty();
        assertThat(Tiles.hashTile(1, 0, size)).contains(TileAddress.hashes(1, 0, 256));
        assertThat(Tiles.hashTile(1, 1, size)).contains(TileAddress.hashes(1, 1, 17));
        assertThat(Tiles.hashTile(1, 2, size)).isEmpty();
        assertThat(Tiles.hashTile(2, 0, size)).contains(TileAddress.hashes(2, 0, 1));
        assertThat(Tiles.hashTile(3, 0, size)).isEmpty();
        assertThat(Tiles.entryBundle(273, size)).contains(TileAddress.entries(273, 112));
    }

    @Test
    void aTreeOf256LeavesHasAFullLevel0TileAndAPartialLevel1Tile() {
        // "a tree of size 256 will be represented by a full level 0 tile and a partial level 1 tile of width 1"
        assertThat(Tiles.hashTile(0, 0, 256)).contains(TileAddress.hashes(0, 0, 256));
        assertThat(Tiles.hashTile(0, 1, 256)).isEmpty();
        assertThat(Tiles.hashTile(1, 0, 256)).contains(TileAddress.hashes(1, 0, 1));
        assertThat(Tiles.hashTile(2, 0, 256)).isEmpty();
    }

    @Test
    void coversOnlyNodesTheTreeHas() {
        assertThat(Tiles.covers(300, TileAddress.hashes(0, 1, 44))).isTrue();
        assertThat(Tiles.covers(300, TileAddress.hashes(0, 1, 45))).isFalse();
        assertThat(Tiles.covers(300, TileAddress.hashes(0, 0, 256))).isTrue();
        assertThat(Tiles.covers(300, TileAddress.hashes(1, 0, 1))).isTrue();
        assertThat(Tiles.covers(300, TileAddress.hashes(1, 0, 2))).isFalse();
        assertThat(Tiles.covers(0, TileAddress.hashes(0, 0, 1))).isFalse();
    }
}
