package org.carbonregistry.monitor.rules;

import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.SerialRanges;

import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The expiry of EU CRCF temporary removals as the monitor replays it: a batch issued with {@code expiresOn} expires
 * once, at or after the start of that day (UTC), and its {@code CreditsExpired} takes exactly what each account held
 * (only held serials, and all of them); nothing of the batch moves after its expiry date.
 */
final class Expiries {

    /** Where a broken rule is reported. */
    interface Findings {
        void fail(Rule rule, String detail);
    }

    private Expiries() {
    }

    static void expire(Findings findings, BatchState batch, CreditsExpired expiry, Instant occurredAt) {
        if (batch.expiresOn == null) {
            findings.fail(Rule.EXPIRY, "the batch expired, but was issued without an expiry date");
            return;
        }
        if (batch.expiredAlready) {
            findings.fail(Rule.EXPIRY, "the batch expired a second time");
            return;
        }
        if (!batch.expiresOn.equals(expiry.expiresOn())) {
            findings.fail(Rule.EXPIRY, "expired as of " + expiry.expiresOn() + ", but was issued to expire on "
                    + batch.expiresOn);
            return;
        }
        if (occurredAt.isBefore(start(batch))) {
            findings.fail(Rule.EXPIRY, "expired at " + occurredAt + ", before its expiry date " + batch.expiresOn);
            return;
        }
        long total = 0;
        for (CreditsExpired.ExpiredHolding holding : expiry.expired()) {
            SerialRanges held = batch.holdingsOf(holding.account()).copy();
            SerialRanges expired = SerialRanges.of(holding.serialBlocks());
            if (expired.total() != holding.quantity()) {
                findings.fail(Rule.QUANTITY, "expired quantity " + holding.quantity() + " of account "
                        + holding.account() + " is not the " + expired.total() + " serials of its blocks");
                return;
            }
            if (!held.equals(expired)) {
                findings.fail(Rule.EXPIRY, "account " + holding.account() + " held " + held + ", but " + expired
                        + " expired: only held credits expire, and all of them");
                return;
            }
            total += holding.quantity();
        }
        if (total != expiry.quantity()) {
            findings.fail(Rule.QUANTITY, "expired quantity " + expiry.quantity() + " is not the " + total
                    + " of its holders");
            return;
        }
        if (expiry.expired().size() != batch.holders.size()) {
            findings.fail(Rule.EXPIRY, batch.holders.size() + " accounts held credits of the batch, but "
                    + expiry.expired().size() + " holdings expired: every held credit expires");
            return;
        }
        for (CreditsExpired.ExpiredHolding holding : expiry.expired()) {
            batch.remove(holding.account(), holding.serialBlocks());
            holding.serialBlocks().forEach(batch.expired::add);
        }
        batch.expiredAlready = true;
    }

    /** Whether credits of the batch may still move at {@code occurredAt}; reports it when not. */
    static boolean movable(Findings findings, BatchState batch, Instant occurredAt) {
        if (batch.expiredAlready || (batch.expiresOn != null && !occurredAt.isBefore(start(batch)))) {
            findings.fail(Rule.MOVED_AFTER_EXPIRY, "credits moved after the batch expired on " + batch.expiresOn);
            return false;
        }
        return true;
    }

    private static Instant start(BatchState batch) {
        return batch.expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
