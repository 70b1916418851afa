/**
 * The ledger's tables through JDBC, portable between H2 and PostgreSQL: leaves (envelopes and leaf hashes),
 * interior nodes at every 8th level, checkpoints and witness cosignatures, the Kafka offsets committed with the
 * leaves, quarantined records, and the sequencer lease. No class here starts a transaction: callers do, so that a
 * batch's leaves, nodes, offsets and checkpoint commit together.
 */
package org.carbonregistry.ledger.storage;
