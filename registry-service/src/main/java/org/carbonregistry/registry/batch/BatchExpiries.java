package org.carbonregistry.registry.batch;

import org.carbonregistry.registry.web.RegistryCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The deadline of temporary removals: sends {@link ExpireCredits} to every batch whose expiry date has come and that
 * has not expired yet, at start and then every {@code registry.expiry.poll-interval}.
 * <p>
 * Why not Axon's deadline manager: its persistent implementations (Quartz, JobRunr, db-scheduler) each need a
 * library and a schema of their own that the build does not have, and the in-memory one forgets its deadlines on
 * restart. And a deadline handled in the aggregate would change it outside the command bus, past the group commit
 * and its second decision on a stale cached aggregate. So the pending deadlines are the batch view itself (written
 * in the transaction that stores {@code CreditsIssued}, so a deadline is never lost), and firing one is an ordinary
 * command. A registry that was down at the deadline expires the batch at its next start; several instances may
 * send the same command, and the aggregate expires a batch once. Expiry dates are days, so a poll a minute is
 * plenty; until the command lands, the aggregate already refuses moves of a batch past its date.
 */
@Component
class BatchExpiries {

    private static final Logger log = LoggerFactory.getLogger(BatchExpiries.class);

    private final BatchViews views;
    private final RegistryCommands commands;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration interval;
    private ScheduledExecutorService schedule;

    BatchExpiries(BatchViews views, RegistryCommands commands, TransactionTemplate transactions, Clock clock,
                  @Value("${registry.expiry.poll-interval:PT1M}") Duration interval) {
        this.views = views;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (schedule == null) {
            schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "batch-expiries");
                thread.setDaemon(true);
                return thread;
            });
            schedule.scheduleWithFixedDelay(this::expireDue, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Before the command bus stops: a poll in progress finishes its command. */
    @EventListener(ContextClosedEvent.class)
    synchronized void stop() throws InterruptedException {
        if (schedule != null) {
            schedule.shutdown();
            schedule.awaitTermination(30, TimeUnit.SECONDS);
            schedule = null;
        }
    }

    /** Expires every batch that is due; one that fails is tried again at the next poll. */
    void expireDue() {
        try {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            List<String> due = transactions.execute(status -> views.batchesDueToExpire(today));
            for (String batchId : due) {
                try {
                    commands.send(new ExpireCredits(batchId));
                    log.info("batch {} expired", batchId);
                } catch (RuntimeException e) {
                    log.warn("expiring batch {} failed; next try in {} s: {}", batchId, interval.toSeconds(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.warn("looking for batches due to expire failed; next try in {} s: {}", interval.toSeconds(), e.toString());
        }
    }
}
