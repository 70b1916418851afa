/**
 * The single writer: consumes {@code registry.events}, appends each poll's canonical envelopes as leaves in one
 * database transaction with their nodes, Kafka offsets and (when due) the signed checkpoint, under a fenced
 * database lease so that at most one instance writes at a time.
 */
package org.carbonregistry.ledger.sequencer;
