package org.carbonregistry.reporting.serial;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One serial's whole history, as {@code GET /api/serials/{serial}} answers it.
 *
 * @param status        where the serial is now: {@code HELD}, {@code RETIRED}, {@code CANCELLED} or
 *                      {@code INVALIDATED} (held when its batch was invalidated, and cancelled by that)
 * @param holder        the account holding it now, if held and the caller may see it
 * @param holdersHidden true when some account was left out because the caller's key may not see it
 * @param invalidated   true when the serial's batch was invalidated: a serial retired before stays {@code RETIRED},
 *                      but the claim it backs needs replacing
 * @param invalidationEventId the batch's {@code BatchInvalidated} event, null while the batch is valid
 */
public record SerialHistory(long serial, String label, String batchId, String status, String holder,
                            boolean holdersHidden, boolean invalidated, UUID invalidationEventId, List<Entry> history) {

    /**
     * One event that moved the serial. {@code from}/{@code to} are account ids: null where there is none (an
     * issuance has no {@code from}; a retirement or cancellation no {@code to}) or where the caller may not see it.
     * {@code proofUrl} is the ledger's inclusion proof of the event, the link reports and certificates carry.
     */
    public record Entry(UUID eventId, String type, Instant occurredAt, String from, String to, String retirementId,
                        String proofUrl) {
    }
}
