package org.carbonregistry.ledger.sequencer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * At most one sequencer appends at a time: the one named in the single {@code ledger_sequencer_lease} row.
 *
 * <p>Taking the lease over (only once it has expired) increments its epoch. Every write transaction starts
 * with {@link #holdWithinTransaction}, which locks the row ({@code SELECT ... FOR UPDATE}) and checks that it
 * still carries the writer's holder and epoch, so a stale writer (paused, partitioned, slow) fails instead of
 * writing: its check waits for the row lock and then sees the new epoch. Expiry times only decide when a
 * standby may take over; safety comes from the epoch check inside the same transaction as the writes, so
 * clocks only need to agree to within the lease duration for a timely takeover.
 */
public final class SequencerLease {

    static final int LEASE_ID = 1;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String holder;
    private final Duration duration;
    private final Clock clock;

    public SequencerLease(JdbcTemplate jdbc, TransactionTemplate transactions, String holder, Duration duration, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.holder = Objects.requireNonNull(holder, "holder");
        this.duration = duration;
        this.clock = clock;
    }

    public String holder() {
        return holder;
    }

    public Duration duration() {
        return duration;
    }

    /** Takes the lease if it is free or expired, with a new epoch; empty while another holder's lease runs. */
    public Optional<LeaseGrant> tryAcquire() {
        return transactions.execute(status -> {
            long now = clock.millis();
            LeaseRow row = lockRow();
            if (row.expiresAt() >= now && !row.holder().isEmpty() && !row.holder().equals(holder)) {
                return Optional.<LeaseGrant>empty();
            }
            long epoch = row.epoch() + 1;
            jdbc.update("UPDATE ledger_sequencer_lease SET holder = ?, epoch = ?, expires_at = ? WHERE lease_id = ?",
                    holder, epoch, now + duration.toMillis(), LEASE_ID);
            return Optional.of(new LeaseGrant(holder, epoch));
        });
    }

    /** Extends the lease in a transaction of its own; false if it has been taken over. */
    public boolean renew(LeaseGrant grant) {
        return jdbc.update("UPDATE ledger_sequencer_lease SET expires_at = ? WHERE lease_id = ? AND holder = ? AND epoch = ?",
                clock.millis() + duration.toMillis(), LEASE_ID, grant.holder(), grant.epoch()) == 1;
    }

    /**
     * The fence: call first in every write transaction. Locks the lease row until the transaction ends, checks
     * that {@code grant} still holds it and extends it.
     *
     * @throws LeaseLostException if another sequencer has taken the lease over
     */
    public void holdWithinTransaction(LeaseGrant grant) {
        LeaseRow row = lockRow();
        if (!row.holder().equals(grant.holder()) || row.epoch() != grant.epoch()) {
            throw new LeaseLostException("sequencer lease epoch " + grant.epoch() + " of " + grant.holder()
                    + " has been taken over by " + row.holder() + " with epoch " + row.epoch());
        }
        jdbc.update("UPDATE ledger_sequencer_lease SET expires_at = ? WHERE lease_id = ?",
                clock.millis() + duration.toMillis(), LEASE_ID);
    }

    /** Gives the lease up (on shutdown) so that a standby takes over without waiting for it to expire. */
    public void release(LeaseGrant grant) {
        jdbc.update("UPDATE ledger_sequencer_lease SET expires_at = 0 WHERE lease_id = ? AND holder = ? AND epoch = ?",
                LEASE_ID, grant.holder(), grant.epoch());
    }

    /** The lease row as committed: who holds it, with which epoch, until when. */
    public LeaseRow current() {
        return jdbc.queryForObject("SELECT holder, epoch, expires_at FROM ledger_sequencer_lease WHERE lease_id = ?",
                (rs, n) -> new LeaseRow(rs.getString(1), rs.getLong(2), rs.getLong(3)), LEASE_ID);
    }

    private LeaseRow lockRow() {
        List<LeaseRow> rows = jdbc.query(
                "SELECT holder, epoch, expires_at FROM ledger_sequencer_lease WHERE lease_id = ? FOR UPDATE",
                (rs, n) -> new LeaseRow(rs.getString(1), rs.getLong(2), rs.getLong(3)), LEASE_ID);
        if (rows.isEmpty()) {
            throw new IllegalStateException("the ledger_sequencer_lease row is missing; the schema was not created");
        }
        return rows.get(0);
    }

    /** The lease row: holder id (empty before the first grant), epoch and expiry in epoch milliseconds. */
    public record LeaseRow(String holder, long epoch, long expiresAt) {
    }
}
