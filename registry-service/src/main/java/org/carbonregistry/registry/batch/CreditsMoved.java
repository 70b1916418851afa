package org.carbonregistry.registry.batch;

import org.carbonregistry.events.SerialBlock;

import java.util.List;
import java.util.UUID;

/**
 * What a batch command hands back to its caller: the event that recorded it and the serials it touched.
 * {@code retirementId} is set for retirements only.
 */
public record CreditsMoved(String batchId, UUID eventId, String serialPrefix, List<SerialBlock> serialBlocks,
                           String retirementId) {
}
