package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The registry found the whole batch unsound (e.g. its project's verification was withdrawn). Every credit still
 * held is taken out of circulation, holder by holder ({@code cancelled}, in account order, lowest serials first);
 * credits already retired stay retired, but their claims rest on an invalidated batch and need replacing. Nothing
 * of the batch moves afterwards. {@code quantity} is the sum of the cancelled holdings.
 */
public record BatchInvalidated(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String reason,
        long quantity,
        List<CancelledHolding> cancelled) implements BatchEvent {

    /** What one account held of the batch when it was invalidated: all of it is cancelled. */
    public record CancelledHolding(String account, long quantity, List<SerialBlock> serialBlocks) {
    }
}
