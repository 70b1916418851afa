package org.carbonregistry.events;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Credits moved between two accounts. {@code firstInternationalTransfer} is true on the first transfer of a batch
 * between accounts of different jurisdictions (for authorised Article 6 units, the "first transfer" that calls for
 * the corresponding adjustment) and absent otherwise, so transfers from before the flag keep their bytes.
 */
public record CreditsTransferred(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String from,
        String to,
        long quantity,
        List<SerialBlock> serialBlocks,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean firstInternationalTransfer) implements BatchEvent {

    /** A transfer that is not a batch's first international one. */
    public CreditsTransferred(UUID eventId, Instant occurredAt, String batchId, String from, String to, long quantity,
                              List<SerialBlock> serialBlocks) {
        this(eventId, occurredAt, batchId, from, to, quantity, serialBlocks, null);
    }
}
