package org.carbonregistry.ledger.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.carbonregistry.ledger.sequencer.IncomingRecord;
import org.carbonregistry.ledger.sequencer.LedgerWriter;
import org.carbonregistry.ledger.testing.Envelopes;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.carbonregistry.ledger.testing.TestRegistry;
import org.carbonregistry.ledger.testing.WriterFixture;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Full tiles are kept once served, within the bound; partial ones are read from the database every time. */
class TileStoreTest {

    TestDatabase.Connected db;
    WriterFixture fixture;

    @BeforeEach
    void aLogOfOneFullTileAndAPartialOne() {
        db = TestDatabase.create().connect();
        fixture = new WriterFixture(db);
        LedgerWriter writer = fixture.openWriter("sequencer", 1_000_000);
        List<IncomingRecord> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            records.add(TestRegistry.signedRecord("registry.events", 0, i, Envelopes.accountOpened(i)));
        }
        writer.append(records);
        writer.sealNow().orElseThrow();
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
}
