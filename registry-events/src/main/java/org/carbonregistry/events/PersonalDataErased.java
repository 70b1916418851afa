package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The beneficiary and purpose of a retirement were erased (GDPR Art. 17) in every service. The retirement's
 * commitments stay in the log and still verify; nobody can open them any more.
 */
public record PersonalDataErased(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String retirementId) implements BatchEvent {
}
