package org.carbonregistry.ledger.proof;

/** Page sizes of the list endpoints and the Retry-After of "not yet" answers. */
public record ApiLimits(int maxLeavesPerPage, int maxNodesPerPage, int maxCheckpointsPerPage, int retryAfterSeconds) {
}
