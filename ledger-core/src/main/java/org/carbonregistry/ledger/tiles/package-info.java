/**
 * C2SP tlog-tiles (c2sp.org/tlog-tiles): tile and entry bundle addresses and their paths, the bundle and tile
 * codecs, and a client that rebuilds roots and proofs from tiles. The ledger serves tiles and monitors read them
 * with these same classes, so both sides agree on every coordinate by construction. No framework code lives here.
 */
package org.carbonregistry.ledger.tiles;
