package org.carbonregistry.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Part of a reversal of a project's mitigation (a fire, a leak) compensated from the registry's buffer: these
 * buffer credits of one batch are cancelled. A reversal that spans several batches is one such event per batch,
 * all with the same {@code reversalId} and {@code reversalQuantity}, stored together. {@code occurredOn} is when
 * the reversal happened, {@code occurredAt} when the registry recorded it.
 */
public record ReversalCompensated(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String projectId,
        String reversalId,
        String bufferAccount,
        long quantity,
        List<SerialBlock> serialBlocks,
        long reversalQuantity,
        LocalDate occurredOn,
        String reason) implements BatchEvent {
}
