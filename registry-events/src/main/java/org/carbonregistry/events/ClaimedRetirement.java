package org.carbonregistry.events;

import java.util.UUID;

/** One retirement backing a claim: which one, the event that retired it (to prove it) and its tonnes. */
public record ClaimedRetirement(String retirementId, String batchId, UUID eventId, long quantity) {
}
