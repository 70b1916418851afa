/**
 * {@code audit}: checks a running ledger from the outside with nothing but its public key: every checkpoint's
 * signature and hash chain, consistency proofs between consecutive checkpoints, every checkpoint's root
 * re-derived from all leaves, and every stored interior node. No Spring; Jackson reads the API's JSON.
 */
package org.carbonregistry.ledger.audit;
