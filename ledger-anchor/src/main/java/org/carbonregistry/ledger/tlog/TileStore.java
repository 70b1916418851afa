package org.carbonregistry.ledger.tlog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Optional;
import org.carbonregistry.ledger.storage.LeafStore.LeafColumn;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.tiles.TileAddress;
import org.carbonregistry.ledger.tiles.Tiles;

/**
 * Tiles from the stored tree, one query each: a level 0 tile is leaf hashes, a level L tile the stored nodes at
 * Merkle level 8L, a full entry bundle its stored row, a partial one the canonical envelopes. The caller checks that
 * a checkpoint covers the tile.
 *
 * <p>Full tiles never change (the log only grows), so the ones served are kept in memory, up to a bound in bytes: a
 * monitor or mirror reading the log from the start asks for them all, and a hit needs neither the database nor the
 * check against the latest checkpoint (a tile covered once is covered for good). Partial tiles are superseded as the
 * tree grows and are not kept.
 */
public final class TileStore {

    private final LedgerStorage storage;
    private final Cache<TileAddress, byte[]> fullTiles;

    /** @param cacheBytes the bound on the full tiles kept, in bytes of their content; 0 keeps none */
    public TileStore(LedgerStorage storage, long cacheBytes) {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("the tile cache size must not be negative, was " + cacheBytes);
        }
        this.storage = storage;
        // evictions on the calling thread: cheap, and the bound holds when read() returns
        this.fullTiles = Caffeine.newBuilder().maximumWeight(cacheBytes).executor(Runnable::run)
                .weigher((TileAddress address, byte[] tile) -> tile.length).build();
    }

    /** A full tile served before, or null. */
    byte[] served(TileAddress address) {
        return fullTiles.getIfPresent(address);
    }

    /** The tile, from memory when it is full and was read before. */
    byte[] read(TileAddress address) {
        return address.isPartial() ? load(address) : fullTiles.get(address, this::load);
    }

    private byte[] load(TileAddress address) {
        if (address.kind() == TileAddress.Kind.ENTRIES) {
            // a full bundle is stored as served, except in a log written before that and not yet backfilled
            Optional<byte[]> stored = address.isPartial() ? Optional.empty() : storage.entryBundles().full(address.index());
            return stored.orElseGet(() -> storage.entryBundles().assemble(address.index(), address.width()));
        }
        long start = address.firstNode();
        long end = start + address.width();
        List<byte[]> items;
        if (address.level() == 0) {
            items = storage.leaves().column(LeafColumn.LEAF_HASH, start, end);
        } else {
            items = storage.nodes().level(Tiles.merkleLevel(address.level()), start, end);
        }
        if (items.size() != address.width()) {
            throw new IllegalStateException(address.path() + " should hold " + address.width() + " stored items, the"
                    + " database has " + items.size() + ": the stored tree is incomplete");
        }
        return Tiles.encodeHashes(items);
    }
}
