package org.carbonregistry.events;

/**
 * The host Party's corresponding adjustment for a batch: none needed (not authorised), pending (authorised, not yet
 * reported as applied), applied (the host Party adjusted its emissions balance; never undone).
 */
public enum CorrespondingAdjustmentStatus { NONE, PENDING, APPLIED }
