package org.carbonregistry.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.storage.StoredLeaf;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Full tiles are kept once served, within the bound; partial ones are read from the database every time. A full entry
 * bundle is stored whole when its last leaf is appended (or, in an older log, when the sequencer opens it) and served
 * from that row; a partial one is assembled from the leaves.
 */
class TileStoreTest {

    TestDatabase.Connected db;
    WriterFixture fixture;
    LedgerWriter writer;
    int nextOffset;

    @BeforeEach
    void aLogOfOneFullTileAndAPartialOne() {
        db = TestDatabase.create().connect();
        fixture = new WriterFixture(db);
        writer = fixture.openWriter("sequencer", 1_000_000);
        append(300);
        writer.sealNow().orElseThrow();
    }

    private void append(int leaves) {
        List<IncomingRecord> records = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
            records.add(TestRegistry.signedRecord("registry.events", 0, nextOffset, Envelopes.accountOpened(nextOffset++)));
        }
        writer.append(records);
    }

    /** The bundle as c2sp.org/tlog-tiles defines it, encoded here from the leaves' envelopes. */
    private byte[] fromLeaves(long bundle, int width) {
        return EntryBundle.encode(fixture.storage.leaves().range(bundle * 256, bundle * 256 + width).stream()
                .map(StoredLeaf::envelope).toList());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aFullTileIsKeptOnceServedAndAPartialOneIsNot() {
        TileStore tiles = new TileStore(fixture.storage, 1 << 20);
        TileAddress full = TileAddress.entries(0, 256);
        TileAddress partial = TileAddress.entries(1, 44);
        assertThat(tiles.served(full)).isNull();

        byte[] read = tiles.read(full);
        byte[] partialRead = tiles.read(partial);

        assertThat(EntryBundle.decode(read)).hasSize(256);
        assertThat(tiles.served(full)).isSameAs(read);
        assertThat(tiles.read(full)).isSameAs(read);
        assertThat(EntryBundle.decode(partialRead)).hasSize(44);
        assertThat(tiles.served(partial)).isNull();
    }

    @Test
    void tilesLargerThanTheBoundAreNotKept() {
        TileStore tiles = new TileStore(fixture.storage, 1024);
        TileAddress full = TileAddress.hashes(0, 0, 256); // 8 KiB of hashes

        assertThat(tiles.read(full)).hasSize(256 * 32);

        assertThat(tiles.served(full)).isNull();
    }

    @Test
    void aFullBundleIsServedFromTheRowItsLastAppendStoredAndAPartialOneFromTheLeaves() {
        TileStore tiles = new TileStore(fixture.storage, 0);

        assertThat(fixture.storage.entryBundles().full(0)).hasValueSatisfying(row -> assertThat(row).isEqualTo(fromLeaves(0, 256)));
        assertThat(fixture.storage.entryBundles().full(1)).as("bundle 1 is partial").isEmpty();
        assertThat(tiles.read(TileAddress.entries(0, 256))).isEqualTo(fromLeaves(0, 256));
        assertThat(tiles.read(TileAddress.entries(1, 44))).isEqualTo(fromLeaves(1, 44));

        // served from the row, not assembled again: a changed row is what comes back
        db.jdbc().update("UPDATE ledger_entry_bundle SET content = ? WHERE bundle_index = 0", (Object) new byte[] {0, 1, 7});
        assertThat(tiles.read(TileAddress.entries(0, 256))).containsExactly(0, 1, 7);
    }

    @Test
    void aBundleCompletedOverSeveralAppendsIsStoredWhole() {
        append(100);
        append(100);
        append(100); // leaves 500 to 599: completes bundle 1 (256 to 511), begun two appends earlier

        assertThat(fixture.storage.entryBundles().full(1)).hasValueSatisfying(row -> assertThat(row).isEqualTo(fromLeaves(1, 256)));
        assertThat(fixture.storage.entryBundles().full(2)).isEmpty();
        assertThat(new TileStore(fixture.storage, 0).read(TileAddress.entries(2, 88))).isEqualTo(fromLeaves(2, 88));
    }

    @Test
    void aLogWrittenBeforeBundlesWereStoredIsServedFromItsLeavesAndBackfilledWhenTheSequencerOpensIt() {
        append(300);
        writer.sealNow().orElseThrow();
        writer.close();
        // As a log written before bundles were stored: bundle 0 has no row (bundle 1 has, as after a backfill
        // that stopped halfway, so the backfill must fill the gap only).
        db.jdbc().update("DELETE FROM ledger_entry_bundle WHERE bundle_index = 0");
        byte[] bundle1 = fixture.storage.entryBundles().full(1).orElseThrow();
        TileStore tiles = new TileStore(fixture.storage, 0);
        assertThat(tiles.read(TileAddress.entries(0, 256))).as("assembled meanwhile").isEqualTo(fromLeaves(0, 256));

        fixture.clock.advance(java.time.Duration.ofMinutes(1));
        fixture.openWriter("next", 1_000_000);

        assertThat(fixture.storage.entryBundles().full(0)).hasValueSatisfying(row -> assertThat(row).isEqualTo(fromLeaves(0, 256)));
        assertThat(fixture.storage.entryBundles().full(1)).hasValueSatisfying(row -> assertThat(row).isEqualTo(bundle1));
        assertThat(fixture.storage.entryBundles().full(2)).isEmpty();
        assertThat(tiles.read(TileAddress.entries(0, 256))).isEqualTo(fromLeaves(0, 256));
        assertThat(tiles.read(TileAddress.entries(2, 88))).isEqualTo(fromLeaves(2, 88));
    }
}
