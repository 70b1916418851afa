package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.idempotency.IdempotencyStore;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Batch totals and holdings as tables, written inside the command's own transaction (a subscribing
 * processor), so a caller reads its own writes.
 */
@Component
@ProcessingGroup(BatchViews.PROCESSING_GROUP)
class BatchViews implements RetirementRecords {

    static final String PROCESSING_GROUP = "batch-views";
    private static final String VIEWS_READ = BatchViews.class.getName() + ".viewsRead";
    private static final TypeReference<List<SerialBlock>> BLOCKS = new TypeReference<>() {
    };

    private final EntityManager entityManager;
    private final RetirementPersonalDataStore personalData;
    private final IdempotencyStore idempotency;
    private final RecentlyWritten recentlyWritten = new RecentlyWritten();
    // Batches are never removed: one seen to exist exists for good, so the check before each move needs no query.
    private final Cache<String, Boolean> existingBatches = Caffeine.newBuilder().maximumSize(100_000).build();

    BatchViews(EntityManager entityManager, RetirementPersonalDataStore personalData, IdempotencyStore idempotency) {
        this.entityManager = entityManager;
        this.personalData = personalData;
        this.idempotency = idempotency;
    }

    Optional<BatchView> batch(String batchId) {
        return Optional.ofNullable(entityManager.find(BatchView.class, batchId));
    }

    /** Whether the batch exists, as committed: call it outside a command's transaction. */
    boolean exists(String batchId) {
        if (existingBatches.getIfPresent(batchId) != null) {
            return true;
        }
        boolean found = batch(batchId).isPresent();
        if (found) {
            existingBatches.put(batchId, Boolean.TRUE);
        }
        return found;
    }

    /** A holding with its batch's serial prefix, which every serial block of it starts with. */
    record PrefixedHolding(HoldingView holding, String serialPrefix) {
    }

    List<PrefixedHolding> holdingsOfAccount(String accountId) {
        return entityManager.createQuery(
                        "select h, b.serialPrefix from HoldingView h, BatchView b where b.batchId = h.batchId"
                                + " and h.accountId = :account and (h.quantity > 0 or h.expired > 0) order by h.batchId",
                        Object[].class)
                .setParameter("account", accountId).getResultStream()
                .map(row -> new PrefixedHolding((HoldingView) row[0], (String) row[1]))
                .toList();
    }

    List<HoldingView> holdingsOfBatch(String batchId) {
        return entityManager.createQuery(
                        "select h from HoldingView h where h.batchId = :batch and (h.quantity > 0 or h.expired > 0)"
                                + " order by h.accountId",
                        HoldingView.class)
                .setParameter("batch", batchId).getResultList();
    }

    /**
     * Batches newest first, at most {@code limit}: of {@code projectId} if given; matching {@code text} if given,
     * which is a whole batch id, standard or project country, part of the serial prefix or of a label, or a
     * project among {@code projectsMatchingText}.
     */
    List<BatchView> find(String projectId, String text, Collection<String> projectsMatchingText, int limit) {
        StringBuilder jpql = new StringBuilder("select b from BatchView b where 1 = 1");
        if (projectId != null) {
            jpql.append(" and b.projectId = :projectId");
        }
        Optional<Standard> standard = Optional.empty();
        if (text != null) {
            standard = Arrays.stream(Standard.values()).filter(s -> s.name().equalsIgnoreCase(text)).findFirst();
            jpql.append(" and (b.batchId = :exact or lower(b.serialPrefix) like :fragment escape '\\'")
                    .append(" or lower(b.labels) like :fragment escape '\\' or upper(b.projectCountry) = :code");
            if (standard.isPresent()) {
                jpql.append(" or b.standard = :standard");
            }
            if (!projectsMatchingText.isEmpty()) {
                jpql.append(" or b.projectId in :projects");
            }
            jpql.append(")");
        }
        jpql.append(" order by b.issuedAt desc, b.batchId");
        var query = entityManager.createQuery(jpql.toString(), BatchView.class).setMaxResults(limit);
        if (projectId != null) {
            query.setParameter("projectId", projectId);
        }
        if (text != null) {
            String escaped = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
            query.setParameter("exact", text).setParameter("fragment", "%" + escaped + "%")
                    .setParameter("code", text.toUpperCase(Locale.ROOT));
            standard.ifPresent(s -> query.setParameter("standard", s));
            if (!projectsMatchingText.isEmpty()) {
                query.setParameter("projects", projectsMatchingText);
            }
        }
        return query.getResultList();
    }

    /** A batch's retirements, oldest first. */
    List<RetirementView> retirementsOfBatch(String batchId) {
        return entityManager.createQuery(
                        "select r from RetirementView r where r.batchId = :batch order by r.eventSequence",
                        RetirementView.class)
                .setParameter("batch", batchId).getResultList();
    }

    Optional<RetirementView> retirement(String retirementId) {
        return Optional.ofNullable(entityManager.find(RetirementView.class, retirementId));
    }

    @Override
    public boolean retiredFrom(String batchId, String retirementId) {
        return retirement(retirementId).filter(record -> record.batchId().equals(batchId)).isPresent();
    }

    /** Batches that have retired more than their recorded retirements add up to (retired before the record existed). */
    List<String> batchesWithUnrecordedRetirements() {
        return entityManager.createQuery("select b.batchId from BatchView b where b.retired > (select coalesce(sum(r.quantity), 0)"
                + " from RetirementView r where r.batchId = b.batchId) order by b.batchId", String.class).getResultList();
    }

    static List<SerialBlock> blocksOf(RetirementView retirement) {
        try {
            return EventJson.mapper().readValue(retirement.serialBlocksJson(), BLOCKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt serial blocks of retirement " + retirement.retirementId(), e);
        }
    }

    static List<SerialBlock> blocksOf(HoldingView holding) {
        try {
            return EventJson.mapper().readValue(holding.serialBlocksJson(), BLOCKS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt serial blocks of holding " + holding.accountId(), e);
        }
    }

    @EventHandler
    void on(CreditsIssued event) {
        entityManager.persist(new BatchView(event));
        change(event.toAccount(), event.batchId(), event.serialBlocks(), true);
    }

    @EventHandler
    void on(CreditsTransferred event) {
        readViewsOfTheGroup();
        change(event.from(), event.batchId(), event.serialBlocks(), false);
        change(event.to(), event.batchId(), event.serialBlocks(), true);
        if (Boolean.TRUE.equals(event.firstInternationalTransfer())) {
            entityManager.find(BatchView.class, event.batchId())
                    .firstInternationalTransfer(event.eventId(), event.occurredAt());
        }
    }

    @EventHandler
    void on(AuthorizationChanged event) {
        entityManager.find(BatchView.class, event.batchId()).article6(Article6.of(event));
    }

    @EventHandler
    void on(CorrespondingAdjustmentApplied event) {
        BatchView batch = entityManager.find(BatchView.class, event.batchId());
        batch.article6(batch.article6().applied());
    }

    @EventHandler
    void on(CreditsRetired event, @SequenceNumber long sequence) {
        readViewsOfTheGroup();
        change(event.account(), event.batchId(), event.serialBlocks(), false);
        entityManager.find(BatchView.class, event.batchId()).retired(event.quantity());
        recordRetirement(event, sequence);
    }

    /**
     * Stores the public record of a retirement. Its event is new when it is handled (in the transaction that stores it,
     * with a retirement id decided there), and the backfill records only retirements it did not find: no read first.
     */
    void recordRetirement(CreditsRetired event, long sequence) {
        try {
            entityManager.persist(new RetirementView(event, sequence, EventJson.mapper().writeValueAsString(event.serialBlocks())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text and salts go in the same transaction as the event that says so. */
    @EventHandler
    void on(PersonalDataErased event) {
        personalData.delete(event.retirementId());
        idempotency.forgetPersonalDataOfRequestsAnswering(event.retirementId());
        RetirementView retirement = entityManager.find(RetirementView.class, event.retirementId());
        if (retirement != null) {
            retirement.erased(event.occurredAt());
        }
    }

    @EventHandler
    void on(CreditsCancelled event) {
        readViewsOfTheGroup();
        change(event.account(), event.batchId(), event.serialBlocks(), false);
        entityManager.find(BatchView.class, event.batchId()).cancelled(event.quantity());
    }

    /** Every holding goes to zero; retirements keep their rows and are read as invalidated through their batch. */
    @EventHandler
    void on(BatchInvalidated event) {
        for (BatchInvalidated.CancelledHolding holding : event.cancelled()) {
            change(holding.account(), event.batchId(), holding.serialBlocks(), false);
        }
        entityManager.find(BatchView.class, event.batchId()).invalidated(event);
    }

    @EventHandler
    void on(BufferContributed event) {
        change(event.from(), event.batchId(), event.serialBlocks(), false);
        change(event.bufferAccount(), event.batchId(), event.serialBlocks(), true);
        entityManager.find(BatchView.class, event.batchId()).bufferContributed(event.bufferPercent(), event.quantity());
    }

    @EventHandler
    void on(ReversalCompensated event) {
        change(event.bufferAccount(), event.batchId(), event.serialBlocks(), false);
        entityManager.find(BatchView.class, event.batchId()).reversalCompensated(event.quantity());
    }

    /** A batch of a project with what the buffer holds of it. */
    record BufferedBatch(BatchView batch, HoldingView buffer) {
    }

    /** The buffer's holdings of a project's batches, lowest vintage first (ties: the earlier issued serials). */
    List<BufferedBatch> bufferOfProject(String projectId) {
        return entityManager.createQuery(
                        "select b, h from BatchView b, HoldingView h where h.batchId = b.batchId and h.accountId = :buffer"
                                + " and b.projectId = :project order by b.vintageStart, b.vintageEnd, b.firstSerial",
                        Object[].class)
                .setParameter("buffer", BufferPool.ACCOUNT).setParameter("project", projectId).getResultStream()
                .map(row -> new BufferedBatch((BatchView) row[0], (HoldingView) row[1]))
                .toList();
    }

    @EventHandler
    void on(CreditsExpired event) {
        for (var holding : event.expired()) {
            change(holding.account(), event.batchId(), holding.serialBlocks(), false);
            entityManager.find(HoldingView.class, HoldingView.id(holding.account(), event.batchId()))
                    .expired(holding.quantity());
        }
        entityManager.find(BatchView.class, event.batchId()).expired(event.quantity(), event.occurredAt());
    }

    /** Batches whose expiry date has come ({@code today} or earlier) and that have not expired yet. */
    List<String> batchesDueToExpire(LocalDate today) {
        return entityManager.createQuery("select b.batchId from BatchView b where b.expiresOn <= :today"
                        + " and b.expiredAt is null and b.invalidationEventId is null order by b.expiresOn, b.batchId",
                        String.class)
                .setParameter("today", today).getResultList();
    }

    @EventHandler
    void on(BatchFrozen event) {
        entityManager.find(BatchView.class, event.batchId()).frozen(true);
    }

    @EventHandler
    void on(BatchUnfrozen event) {
        entityManager.find(BatchView.class, event.batchId()).frozen(false);
    }

    /**
     * The batch and holding views that the moves of the command group change, read in two queries when the first move
     * is handled: the handlers' finds then take them from the persistence context instead of reading one row each
     * (a group of retirements from several batches read two rows per retirement). Views that do not exist yet
     * (a holding's first credits) are still looked for one by one.
     */
    private void readViewsOfTheGroup() {
        if (!(CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> group)
                || group.getMessages().size() < 2) {
            return;
        }
        group.getOrComputeResource(VIEWS_READ, key -> {
            Set<String> batchIds = new HashSet<>();
            Set<String> holdingIds = new HashSet<>();
            for (Object message : group.getMessages()) {
                Object event = ((EventMessage<?>) message).getPayload();
                if (event instanceof CreditsRetired retired) {
                    batchIds.add(retired.batchId());
                    holdingIds.add(HoldingView.id(retired.account(), retired.batchId()));
                } else if (event instanceof CreditsCancelled cancelled) {
                    batchIds.add(cancelled.batchId());
                    holdingIds.add(HoldingView.id(cancelled.account(), cancelled.batchId()));
                } else if (event instanceof CreditsTransferred transferred) {
                    batchIds.add(transferred.batchId());
                    holdingIds.add(HoldingView.id(transferred.from(), transferred.batchId()));
                    holdingIds.add(HoldingView.id(transferred.to(), transferred.batchId()));
                }
            }
            entityManager.createQuery("select b from BatchView b where b.batchId in :ids", BatchView.class)
                    .setParameter("ids", batchIds).getResultList();
            entityManager.createQuery("select h from HoldingView h where h.holdingId in :ids", HoldingView.class)
                    .setParameter("ids", holdingIds).getResultList();
            return Boolean.TRUE;
        });
    }

    private void change(String accountId, String batchId, List<SerialBlock> blocks, boolean received) {
        HoldingView holding = entityManager.find(HoldingView.class, HoldingView.id(accountId, batchId));
        if (holding == null) {
            holding = new HoldingView(accountId, batchId);
            entityManager.persist(holding);
        }
        SerialRanges ranges = recentlyWritten.rangesOf(holding);
        if (received) {
            ranges.addAll(blocks);
        } else {
            ranges.removeAll(blocks);
        }
        String json;
        try {
            json = EventJson.mapper().writeValueAsString(ranges.blocks());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        holding.update(ranges, json);
        recentlyWritten.remember(holding, json, ranges);
    }

    /**
     * The serial ranges of the holdings written last, by the JSON they were written as. A busy holding's blocks
     * are read back from the JSON the view stores only when that JSON is not what this process last wrote
     * (another instance wrote since, or the write was rolled back): parsing and merging thousands of blocks on
     * every move was the largest cost of a hot batch. Callers get copies; the entries are never changed.
     */
    private static final class RecentlyWritten {
        private static final int CAPACITY = 1_024;
        private final Map<String, Written> entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
                return size() > CAPACITY;
            }
        };

        private record Written(String json, SerialRanges ranges) {
        }

        SerialRanges rangesOf(HoldingView holding) {
            Written written;
            synchronized (entries) {
                written = entries.get(HoldingView.id(holding.accountId(), holding.batchId()));
            }
            if (written != null && written.json().equals(holding.serialBlocksJson())) {
                return written.ranges().copy();
            }
            return SerialRanges.of(blocksOf(holding));
        }

        /** Keeps {@code ranges}, which the caller no longer uses. */
        void remember(HoldingView holding, String json, SerialRanges ranges) {
            synchronized (entries) {
                entries.put(HoldingView.id(holding.accountId(), holding.batchId()), new Written(json, ranges));
            }
        }
    }
}
