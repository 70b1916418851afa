package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.SerialRanges;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Batch totals and holdings as tables, written inside the command's own transaction (a subscribing
 * processor), so a caller reads its own writes.
 */
@Component
@ProcessingGroup(BatchViews.PROCESSING_GROUP)
class BatchViews {

    static final String PROCESSING_GROUP = "batch-views";
    private static final TypeReference<List<SerialBlock>> BLOCKS = new TypeReference<>() {
    };

    private final EntityManager entityManager;

    BatchViews(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    Optional<BatchView> batch(String batchId) {
        return Optional.ofNullable(entityManager.find(BatchView.class, batchId));
    }

    List<HoldingView> holdingsOfAccount(String accountId) {
        return entityManager.createQuery(
                        "select h from HoldingView h where h.accountId = :account and h.quantity > 0 order by h.batchId",
                        HoldingView.class)
                .setParameter("account", accountId).getResultList();
    }

    List<HoldingView> holdingsOfBatch(String batchId) {
        return entityManager.createQuery(
                        "select h from HoldingView h where h.batchId = :batch and h.quantity > 0 order by h.accountId",
                        HoldingView.class)
                .setParameter("batch", batchId).getResultList();
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
        change(event.from(), event.batchId(), event.serialBlocks(), false);
        change(event.to(), event.batchId(), event.serialBlocks(), true);
    }

    @EventHandler
    void on(CreditsRetired event) {
        change(event.account(), event.batchId(), event.serialBlocks(), false);
        entityManager.find(BatchView.class, event.batchId()).retired(event.quantity());
    }

    @EventHandler
    void on(CreditsCancelled event) {
        change(event.account(), event.batchId(), event.serialBlocks(), false);
        entityManager.find(BatchView.class, event.batchId()).cancelled(event.quantity());
    }

    @EventHandler
    void on(BatchFrozen event) {
        entityManager.find(BatchView.class, event.batchId()).frozen(true);
    }

    @EventHandler
    void on(BatchUnfrozen event) {
        entityManager.find(BatchView.class, event.batchId()).frozen(false);
    }

    private void change(String accountId, String batchId, List<SerialBlock> blocks, boolean received) {
        HoldingView holding = entityManager.find(HoldingView.class, HoldingView.id(accountId, batchId));
        if (holding == null) {
            holding = new HoldingView(accountId, batchId);
            entityManager.persist(holding);
        }
        SerialRanges ranges = SerialRanges.of(blocksOf(holding));
        if (received) {
            ranges.addAll(blocks);
        } else {
            ranges.removeAll(blocks);
        }
        try {
            holding.update(ranges, EventJson.mapper().writeValueAsString(ranges.blocks()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
