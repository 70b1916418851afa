package org.carbonregistry.registry.batch;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What a reversal cancelled: per batch, lowest vintage first, the event and the buffer's serials it cancelled. */
public record ReversalReceipt(String reversalId, String projectId, long quantity, LocalDate occurredOn,
                             List<Compensation> batches) {

    public record Compensation(String batchId, LocalDate vintageStart, UUID eventId, long quantity,
                               List<SerialBlockResponse> serialBlocks) {
    }
}
