package org.carbonregistry.ledger.tlog;

import java.util.List;
import org.carbonregistry.ledger.storage.LeafStore.LeafColumn;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.tiles.EntryBundle;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.carbonregistry.ledger.tiles.Tiles;

/**
 * Tiles from the stored tree, one range query each: a level 0 tile is leaf hashes, a level L tile the stored nodes
 * at Merkle level 8L, an entry bundle the canonical envelopes. The caller checks that a checkpoint covers the tile.
 */
final class TileStore {

    private final LedgerStorage storage;

    TileStore(LedgerStorage storage) {
        this.storage = storage;
    }

    byte[] read(TileAddress address) {
        long start = address.firstNode();
        long end = start + address.width();
        List<byte[]> items;
        if (address.kind() == TileAddress.Kind.ENTRIES) {
            items = storage.leaves().column(LeafColumn.ENVELOPE, start, end);
        } else if (address.level() == 0) {
            items = storage.leaves().column(LeafColumn.LEAF_HASH, start, end);
        } else {
            items = storage.nodes().level(Tiles.merkleLevel(address.level()), start, end);
        }
        if (items.size() != address.width()) {
            throw new IllegalStateException(address.path() + " should hold " + address.width() + " stored items, the"
                    + " database has " + items.size() + ": the stored tree is incomplete");
        }
        return address.kind() == TileAddress.Kind.ENTRIES ? EntryBundle.encode(items) : Tiles.encodeHashes(items);
    }
}
