package org.carbonregistry.ledger.tiles;

/** A tile path, tile or entry bundle that does not follow c2sp.org/tlog-tiles; the message says what is wrong. */
public class TileFormatException extends IllegalArgumentException {

    public TileFormatException(String message) {
        super(message);
    }
}
