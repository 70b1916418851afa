package org.carbonregistry.registry.account;

import java.util.UUID;

/** What {@link MakeClaim} answers: the claim, the tonnes of the retirements behind it and its event. */
public record ClaimReceipt(String claimId, long tonnes, UUID eventId) {
}
