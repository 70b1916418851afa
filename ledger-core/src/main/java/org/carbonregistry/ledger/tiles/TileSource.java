package org.carbonregistry.ledger.tiles;

import java.io.IOException;

/** Where a client gets tiles from: a log's HTTP prefix ({@link HttpTileSource}), a mirror, a directory. */
@FunctionalInterface
public interface TileSource {

    /** The bytes of the tile or entry bundle at {@code address}; an {@link IOException} when it cannot be had. */
    byte[] read(TileAddress address) throws IOException;
}
