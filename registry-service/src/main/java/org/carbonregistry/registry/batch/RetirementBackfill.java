package org.carbonregistry.registry.batch;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.carbonregistry.events.CreditsRetired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The public retirement records came after the first retirements: a registry whose batches retired credits before
 * then gets their records from the batches' own event streams, once, before it serves requests.
 */
@Component
class RetirementBackfill implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RetirementBackfill.class);

    private final BatchViews views;
    private final EventStore eventStore;
    private final TransactionTemplate transaction;

    RetirementBackfill(BatchViews views, EventStore eventStore, PlatformTransactionManager transactions) {
        this.views = views;
        this.eventStore = eventStore;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Override
    public void afterSingletonsInstantiated() {
        int recorded = backfill();
        if (recorded > 0) {
            log.info("recorded {} retirements made before retirement records existed", recorded);
        }
    }

    /** Records every retirement missing from its batch's record; returns how many it added. */
    int backfill() {
        Integer added = transaction.execute(status -> {
            int count = 0;
            for (String batchId : views.batchesWithUnrecordedRetirements()) {
                // From sequence 0: the event stream itself, not a snapshot.
                DomainEventStream events = eventStore.readEvents(batchId, 0);
                while (events.hasNext()) {
                    DomainEventMessage<?> event = events.next();
                    if (event.getPayload() instanceof CreditsRetired retired
                            && views.retirement(retired.retirementId()).isEmpty()) {
                        views.recordRetirement(retired, event.getSequenceNumber());
                        count++;
                    }
                }
            }
            return count;
        });
        return added == null ? 0 : added;
    }
}
