/**
 * The offline verifier: checks inclusion and consistency proofs against signed checkpoints with
 * nothing but the log's public key. No server, no framework; Jackson only reads the proof files.
 */
package org.carbonregistry.ledger.verify;
