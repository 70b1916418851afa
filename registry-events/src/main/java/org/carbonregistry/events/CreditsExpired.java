package org.carbonregistry.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The expiry date of a temporary-removal batch passed: every credit still held became EXPIRED and can no longer
 * move. {@code expired} names each holder's serial blocks; it is empty when nothing was held any more, so the
 * expiry is on the log either way. {@code quantity} is the total of all of them.
 */
public record CreditsExpired(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        LocalDate expiresOn,
        long quantity,
        List<ExpiredHolding> expired) implements BatchEvent {

    /** What one account held when the batch expired. */
    public record ExpiredHolding(String account, long quantity, List<SerialBlock> serialBlocks) {
    }
}
