/**
 * Signed, hash-chained checkpoints: C2SP signed notes (c2sp.org/signed-note) carrying C2SP
 * tlog-checkpoints (c2sp.org/tlog-checkpoint), signed with Ed25519 through the JDK's own provider,
 * plus witness cosignature verification (c2sp.org/tlog-cosignature, cosignature/v1). Byte-compatible
 * with golang.org/x/mod/sumdb/note. No framework code lives here.
 */
package org.carbonregistry.ledger.checkpoint;
