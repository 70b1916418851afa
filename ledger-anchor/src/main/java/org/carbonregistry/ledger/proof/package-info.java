/**
 * The read API: checkpoints, inclusion and consistency proofs, leaves and stored nodes, the public key. Served
 * by every instance (sequencer or standby) straight from the database, each proof in O(log n) reads.
 */
package org.carbonregistry.ledger.proof;
