package org.carbonregistry.registry.webhook;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The webhook tables: subscriptions, the deliveries owed to them and every attempt. Methods without a transaction
 * of their own run in the caller's (the fan-out's, the controller's); the delivery worker's have their own.
 */
@Component
class WebhookStore implements SmartInitializingSingleton {

    /** What a worker needs to send one delivery, read when it claimed it. */
    record Claimed(String deliveryId, String webhookId, String eventId, String url, String secret, String body) {
    }

    /** How one attempt ended: a status code, or no answer and why. */
    record Outcome(Integer statusCode, String error, long durationMillis) {
        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final String ACTIVE_HOOKS = WebhookStore.class.getName() + ".active";

    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final DeliveryPolicy policy;
    private final RandomGenerator random = RandomGenerator.getDefault();

    WebhookStore(EntityManager entityManager, PlatformTransactionManager transactionManager, DeliveryPolicy policy) {
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.policy = policy;
    }

    /** The gate's row exists before the fan-out or a request can lock it; several instances may race to write it. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            transactions.executeWithoutResult(status -> {
                if (entityManager.find(WebhookGate.class, WebhookGate.ID) == null) {
                    entityManager.persist(WebhookGate.create());
                }
            });
        } catch (RuntimeException written) {
            // another instance wrote it first; anything else is still wrong
            if (transactions.execute(status -> entityManager.find(WebhookGate.class, WebhookGate.ID)) == null) {
                throw written;
            }
        }
    }

    // --- subscriptions

    /**
     * Holds the {@link WebhookGate} until the transaction ends. A change of which hooks are active (and from when)
     * holds it before it takes its moment; the fan-out before it reads the hooks. The gate first, then a hook's row.
     */
    void holdGate() {
        if (entityManager.find(WebhookGate.class, WebhookGate.ID, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new IllegalStateException("webhook_gate has no row; it is written when the service starts");
        }
    }

    void save(WebhookRecord webhook) {
        entityManager.persist(webhook);
    }

    Optional<WebhookRecord> find(String webhookId) {
        return Optional.ofNullable(entityManager.find(WebhookRecord.class, webhookId));
    }

    /** The hook, its row locked until the transaction ends: two changes of one hook at once take turns. */
    Optional<WebhookRecord> lock(String webhookId) {
        return Optional.ofNullable(entityManager.find(WebhookRecord.class, webhookId, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The hooks of {@code accountId}, or the registry-wide ones when null; oldest first. */
    List<WebhookRecord> ownedBy(String accountId) {
        String where = accountId == null ? "w.accountId is null" : "w.accountId = :account";
        var query = entityManager.createQuery("select w from WebhookRecord w where " + where
                + " order by w.createdAt, w.webhookId", WebhookRecord.class);
        if (accountId != null) {
            query.setParameter("account", accountId);
        }
        return query.getResultList();
    }

    void delete(WebhookRecord webhook) {
        // The hook first, then its deliveries: the order in which an attempt's outcome takes them.
        entityManager.lock(webhook, LockModeType.PESSIMISTIC_WRITE);
        entityManager.createQuery("delete from AttemptRecord a where a.deliveryId in"
                        + " (select d.deliveryId from DeliveryRecord d where d.webhookId = :hook)")
                .setParameter("hook", webhook.webhookId()).executeUpdate();
        entityManager.createQuery("delete from DeliveryRecord d where d.webhookId = :hook")
                .setParameter("hook", webhook.webhookId()).executeUpdate();
        entityManager.remove(webhook);
    }

    /** Active hooks that want {@code type}, see events of these accounts, and are owed what occurred then. */
    List<WebhookRecord> activeFor(Set<String> accounts, String type, Instant occurredAt) {
        return active().stream()
                .filter(w -> w.registryWide() || accounts.contains(w.accountId()))
                .filter(w -> w.owes(occurredAt) && w.wants(type))
                .toList();
    }

    /**
     * The active hooks, read once per unit of work: the fan-out asks for every event of its batch, and a query per
     * event cost more than the fan-out itself when no hook wants the event. Read through the gate: the batch's
     * events were read (and so committed) before, and a subscription or re-enabling whose moment one of them is at
     * or after holds the gate from before that moment until it commits, so it is read here.
     */
    private List<WebhookRecord> active() {
        Supplier<List<WebhookRecord>> read = () -> {
            holdGate();
            return entityManager.createQuery(
                            "select w from WebhookRecord w where w.status = :active", WebhookRecord.class)
                    .setParameter("active", WebhookRecord.Status.ACTIVE)
                    .getResultList();
        };
        return CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(ACTIVE_HOOKS, key -> read.get())
                : read.get();
    }

    // --- deliveries

    void owe(DeliveryRecord delivery) {
        entityManager.persist(delivery);
    }

    /** The newest deliveries of a hook first, each with its attempts in order. */
    List<DeliveryLog> deliveries(String webhookId, int limit) {
        List<DeliveryRecord> deliveries = entityManager.createQuery("select d from DeliveryRecord d"
                        + " where d.webhookId = :hook order by d.createdAt desc, d.deliveryId", DeliveryRecord.class)
                .setParameter("hook", webhookId).setMaxResults(limit).getResultList();
        if (deliveries.isEmpty()) {
            return List.of();
        }
        List<AttemptRecord> attempts = entityManager.createQuery("select a from AttemptRecord a"
                        + " where a.deliveryId in :ids order by a.attemptedAt", AttemptRecord.class)
                .setParameter("ids", deliveries.stream().map(DeliveryRecord::deliveryId).toList()).getResultList();
        return deliveries.stream().map(d -> new DeliveryLog(d,
                attempts.stream().filter(a -> a.deliveryId().equals(d.deliveryId())).toList())).toList();
    }

    record DeliveryLog(DeliveryRecord delivery, List<AttemptRecord> attempts) {
    }

    /**
     * Takes up to {@code most} deliveries that are due, for {@code lease}: a delivery is taken by one worker at a
     * time, also across instances (the conditional update decides), and returns to the pool if its worker dies.
     */
    List<Claimed> claim(Instant now, int most, Duration lease) {
        return transactions.execute(status -> {
            List<Object[]> due = entityManager.createQuery("select d, w from DeliveryRecord d, WebhookRecord w"
                            + " where w.webhookId = d.webhookId and w.status = :active and d.status = :pending"
                            + " and d.nextAttemptAt <= :now and (d.leaseUntil is null or d.leaseUntil < :now)"
                            + " order by d.nextAttemptAt", Object[].class)
                    .setParameter("active", WebhookRecord.Status.ACTIVE)
                    .setParameter("pending", DeliveryRecord.Status.PENDING)
                    .setParameter("now", now)
                    .setMaxResults(most)
                    .getResultList();
            if (due.isEmpty()) {
                return List.<Claimed>of();
            }
            // one conditional update for all; read back which this worker holds (another instance may have won some)
            Instant until = now.plus(lease).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            List<String> ids = due.stream().map(row -> ((DeliveryRecord) row[0]).deliveryId()).toList();
            entityManager.createQuery("update DeliveryRecord d set d.leaseUntil = :until where d.deliveryId in :ids"
                            + " and (d.leaseUntil is null or d.leaseUntil < :now)")
                    .setParameter("until", until).setParameter("ids", ids).setParameter("now", now).executeUpdate();
            Set<String> held = Set.copyOf(entityManager.createQuery("select d.deliveryId from DeliveryRecord d"
                            + " where d.deliveryId in :ids and d.leaseUntil = :until", String.class)
                    .setParameter("ids", ids).setParameter("until", until).getResultList());
            List<Claimed> claimed = new ArrayList<>(held.size());
            for (Object[] row : due) {
                DeliveryRecord d = (DeliveryRecord) row[0];
                WebhookRecord w = (WebhookRecord) row[1];
                if (held.contains(d.deliveryId())) {
                    claimed.add(new Claimed(d.deliveryId(), w.webhookId(), d.eventId(), w.url(), w.secret(), d.body()));
                }
            }
            return claimed;
        });
    }

    /**
     * Records an attempt made at {@code now} and decides what follows: done, another attempt later, given up; and
     * for the webhook, whether it has now failed for the whole disable period.
     *
     * @return the webhook's disabling, if this attempt disabled it
     */
    Optional<WebhookDisabled> record(String deliveryId, Instant now, Outcome outcome) {
        return transactions.execute(status -> {
            DeliveryRecord delivery = entityManager.find(DeliveryRecord.class, deliveryId);
            if (delivery == null) {
                return Optional.<WebhookDisabled>empty(); // its webhook was deleted meanwhile
            }
            // The hook's row is locked before any of its deliveries is written, as re-enabling and deleting do: a
            // re-enabling or another attempt's outcome committed meanwhile is read, not written over, and the
            // deliveries a disabling gives up cannot be held by another attempt waiting for this hook.
            WebhookRecord webhook = lock(delivery.webhookId()).orElse(null);
            if (webhook == null) {
                return Optional.<WebhookDisabled>empty(); // deleted while this attempt was made
            }
            entityManager.persist(new AttemptRecord(deliveryId, now, outcome.statusCode(), outcome.error(),
                    outcome.durationMillis()));
            if (outcome.succeeded()) {
                delivery.delivered(outcome.statusCode(), now);
                webhook.succeeded();
                return Optional.<WebhookDisabled>empty();
            }
            delivery.failed(outcome.statusCode(), outcome.error(),
                    policy.nextAttempt(delivery.createdAt(), delivery.attempts() + 1, now, random));
            Instant failingSince = webhook.failed(now);
            if (webhook.status() != WebhookRecord.Status.ACTIVE || !policy.disables(failingSince, now)) {
                return Optional.<WebhookDisabled>empty();
            }
            String lastFailure = describe(outcome);
            webhook.disable(now, policy.disabledReason(failingSince, now, lastFailure));
            entityManager.flush();
            // nothing more goes to a disabled hook: what it was still owed is given up
            giveUp(webhook.webhookId(), null);
            return Optional.of(new WebhookDisabled(webhook.webhookId(), webhook.accountId(), failingSince, now,
                    lastFailure));
        });
    }

    /**
     * Gives up what the hook is still owed: everything, or (when re-enabled) the events that occurred before
     * {@code occurredBefore}, which a fan-out batch that read the hook just before it was disabled may have owed it
     * after the disabling gave up the rest.
     */
    void giveUp(String webhookId, Instant occurredBefore) {
        var update = entityManager.createQuery("update DeliveryRecord d set d.status = :failed, d.nextAttemptAt = null,"
                        + " d.leaseUntil = null where d.webhookId = :hook and d.status = :pending"
                        + (occurredBefore == null ? "" : " and d.occurredAt < :before"))
                .setParameter("failed", DeliveryRecord.Status.FAILED)
                .setParameter("pending", DeliveryRecord.Status.PENDING)
                .setParameter("hook", webhookId);
        if (occurredBefore != null) {
            update.setParameter("before", occurredBefore);
        }
        update.executeUpdate();
    }

    private static String describe(Outcome outcome) {
        return outcome.statusCode() != null ? "HTTP " + outcome.statusCode() : outcome.error();
    }
}
