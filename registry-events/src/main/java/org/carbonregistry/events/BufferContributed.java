package org.carbonregistry.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * At issuance, {@code bufferPercent} of the batch went from the issuance's recipient to the registry's buffer
 * account, which holds it against later reversals of the project. It follows the batch's {@code CreditsIssued}
 * in the same command, so the log alone shows what each batch contributed. {@code bufferPercent} is the
 * decimal as it was given (e.g. {@code "12.5"}), kept as text so the canonical bytes do not depend on a
 * floating-point rendering; {@code quantity} is {@code floor(issued * bufferPercent / 100)}.
 */
public record BufferContributed(
        UUID eventId,
        Instant occurredAt,
        String batchId,
        String projectId,
        String from,
        String bufferAccount,
        String bufferPercent,
        long quantity,
        List<SerialBlock> serialBlocks) implements BatchEvent {
}
