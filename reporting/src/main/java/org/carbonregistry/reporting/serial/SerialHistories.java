package org.carbonregistry.reporting.serial;

import org.carbonregistry.access.Caller;
import org.carbonregistry.access.Problems;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.reporting.ledger.LedgerClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds one serial's history from its batch's movements, keeping those that moved the serial, and applies the
 * design's access rule: who holds what is shown only to a key that may read that account (its own key, an
 * administrator's or an auditor's). The retiring account is shown to everyone: a retirement is a public claim, and
 * {@code GET /api/retirements/{id}} names it without a key too.
 */
class SerialHistories {

    static final String RETIRED = "CreditsRetired";
    static final String INVALIDATED = "BatchInvalidated";

    private final SerialQueries queries;
    private final LedgerClient ledger;

    SerialHistories(SerialQueries queries, LedgerClient ledger) {
        this.queries = queries;
        this.ledger = ledger;
    }

    /** 404 when no batch issued the serial (or the label's prefix is not its batch's). */
    SerialHistory of(SerialReference reference, Optional<Caller> caller) {
        long serial = reference.serial();
        SerialQueries.Batch batch = queries.batchOf(serial).orElseThrow(() -> Problems.notFound("serial " + serial
                + " has not been issued (or reporting has not yet read its issuance: see /api/status for lag)"));
        String label = SerialBlock.label(batch.serialPrefix(), serial);
        if (!reference.fits(batch.serialPrefix())) {
            throw Problems.notFound("no serial is labelled " + reference.prefix() + "-" + String.format("%09d", serial)
                    + ": serial " + serial + " is " + label + " of batch " + batch.batchId());
        }
        List<SerialHistory.Entry> history = new ArrayList<>();
        boolean hidden = false;
        String status = null;
        String holder = null;
        for (SerialQueries.Movement movement : queries.movements(batch.batchId())) {
            if (!movement.moves(serial)) {
                continue;
            }
            boolean retirement = RETIRED.equals(movement.type());
            String from = retirement || visible(movement.from(), caller) ? movement.from() : null;
            String to = visible(movement.to(), caller) ? movement.to() : null;
            hidden |= (from == null && movement.from() != null) || (to == null && movement.to() != null);
            history.add(new SerialHistory.Entry(movement.eventId(), movement.type(), movement.occurredAt(), from, to,
                    movement.retirementId(), ledger.proofUrlText(movement.eventId())));
            status = statusAfter(movement);
            holder = to;
        }
        return new SerialHistory(serial, label, batch.batchId(), status, holder, hidden, batch.invalidation() != null,
                batch.invalidation(), history);
    }

    /**
     * Held while some account holds it; retired, cancelled, expired or invalidated once it left circulation that way.
     * A serial held when its batch was invalidated is {@code INVALIDATED}, apart from those cancelled by a holder.
     */
    private static String statusAfter(SerialQueries.Movement movement) {
        if (movement.to() != null) {
            return "HELD";
        }
        return switch (movement.type()) {
            case RETIRED -> "RETIRED";
            case "CreditsCancelled", "ReversalCompensated" -> "CANCELLED";
            case INVALIDATED -> "INVALIDATED";
            case "CreditsExpired" -> "EXPIRED";
            default -> throw new IllegalStateException(movement.type() + " " + movement.eventId()
                    + " took serials out of circulation, which no serial status names yet");
        };
    }

    private static boolean visible(String account, Optional<Caller> caller) {
        return account != null && caller.map(c -> c.canRead(account)).orElse(false);
    }
}
