/**
 * The log as a public transparency log: C2SP tlog-tiles under {@code /log/} (plain checkpoint with witness
 * cosignatures, Merkle tiles, entry bundles), the c2sp.org/tlog-policy at {@code /log/policy}, and
 * c2sp.org/tlog-proof documents. Tiles are read from the stored tree (leaf hashes are level 0, {@code ledger_node}
 * holds every 8th level: exactly the tile levels) with ledger-core's tile coordinates and codecs.
 */
package org.carbonregistry.ledger.tlog;
