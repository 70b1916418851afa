package org.carbonregistry.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The host Party authorised a batch's units, changed the use it authorised them for, or withdrew the authorisation.
 * {@code correspondingAdjustment} is the batch's status afterwards: {@code PENDING} once authorised, {@code NONE}
 * once withdrawn.
 */
public record AuthorizationChanged(UUID eventId, Instant occurredAt, String batchId,
                                   Article6Authorization authorization, String authorizationId, String hostParty,
                                   CorrespondingAdjustmentStatus correspondingAdjustment, String reason)
        implements BatchEvent {
}
