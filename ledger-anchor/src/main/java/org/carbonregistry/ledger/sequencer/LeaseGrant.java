package org.carbonregistry.ledger.sequencer;

/** The sequencer lease as granted to {@code holder}: valid for writes while the lease row still carries this epoch. */
public record LeaseGrant(String holder, long epoch) {
}
