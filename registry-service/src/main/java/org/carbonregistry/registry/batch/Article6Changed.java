package org.carbonregistry.registry.batch;

import org.carbonregistry.events.Article6;

import java.util.UUID;

/** What an Article 6 command hands back: the event that recorded it and the batch's Article 6 state after it. */
public record Article6Changed(String batchId, UUID eventId, Article6 article6) {
}
