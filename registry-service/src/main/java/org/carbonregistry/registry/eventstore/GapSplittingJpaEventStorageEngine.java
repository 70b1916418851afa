package org.carbonregistry.registry.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

import java.util.ArrayList;
import java.util.List;

/**
 * Axon's JPA event store, reading a tracking processor's next events as two index range reads. Concurrent
 * commands commit out of global-index order, so the Kafka publisher's token nearly always has gaps, and Axon
 * asks for {@code globalIndex > :token OR globalIndex IN :gaps}; H2 answers that OR with a scan of the whole
 * event table, which made publishing cost grow with the number of events ever stored. The rows and their order
 * are the same: every gap lies below the token's index, so the gaps' events come first.
 */
class GapSplittingJpaEventStorageEngine extends JpaEventStorageEngine {

    GapSplittingJpaEventStorageEngine(Builder builder) {
        super(builder);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return super.fetchEvents(token);
        }
        String select = "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, e.eventIdentifier, "
                + "e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData FROM "
                + domainEventEntryEntityName() + " e ";
        List<Object[]> rows = new ArrayList<>(entityManager()
                .createQuery(select + "WHERE e.globalIndex IN :gaps ORDER BY e.globalIndex ASC", Object[].class)
                .setParameter("gaps", token.getGaps())
                .setMaxResults(batchSize())
                .getResultList());
        if (rows.size() < batchSize()) {
            rows.addAll(entityManager()
                    .createQuery(select + "WHERE e.globalIndex > :token ORDER BY e.globalIndex ASC", Object[].class)
                    .setParameter("token", token.getIndex())
                    .setMaxResults(batchSize() - rows.size())
                    .getResultList());
        }
        return rows;
    }
}
