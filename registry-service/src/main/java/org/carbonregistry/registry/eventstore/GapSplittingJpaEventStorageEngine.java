package org.carbonregistry.registry.eventstore;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JPA event store, reading a tracking processor's next events as two index range reads. Concurrent
 * commands commit out of global-index order, so the Kafka publisher's token nearly always has gaps, and Axon
 * asks for {@code globalIndex > :token OR globalIndex IN :gaps}; H2 answers that OR with a scan of the whole
 * event table, which made publishing cost grow with the number of events ever stored. The rows and their order
 * are the same: every gap lies below the token's index, so the gaps' events come first.
 * <p>
 * The event store's reader for the tracking processors (Axon's producer thread, the only caller that reads with
 * {@code mayBlock}) starts a read at most every {@code readPace}. It reads again at once after every read that found
 * events, and under load every read finds the one group committed since: a transaction per commit for a reader whose
 * processors start a batch only every linger anyway ({@link LingeringEventSource}). A read that finds a full page
 * goes on reading without a pause, so a processor catching up is not held back; one that finds less than a page
 * ends there (Axon's reads go on until a page comes back empty: a second transaction for nothing at every read, where
 * the reader reads again anyway).
 */
class GapSplittingJpaEventStorageEngine extends JpaEventStorageEngine {

    private final long readPaceNanos;
    private long previousTailRead; // read and written by the producer thread only

    GapSplittingJpaEventStorageEngine(Builder builder, Duration readPace) {
        super(builder);
        this.readPaceNanos = readPace.toNanos();
        this.previousTailRead = System.nanoTime() - readPaceNanos;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        if (mayBlock && readPaceNanos > 0) {
            long due = previousTailRead + readPaceNanos;
            // parkNanos may return early; an interrupt (shutting down) ends the wait
            for (long early = due - System.nanoTime(); early > 0 && !Thread.currentThread().isInterrupted();
                 early = due - System.nanoTime()) {
                LockSupport.parkNanos(early);
            }
            previousTailRead = System.nanoTime();
        }
        return super.readEvents(trackingToken, mayBlock);
    }

    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        if (!mayBlock) {
            return super.readEventData(trackingToken, false);
        }
        return StreamSupport.stream(new Spliterators.AbstractSpliterator<TrackedEventData<?>>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private Iterator<? extends TrackedEventData<?>> page = Collections.emptyIterator();
            private TrackingToken last = trackingToken;
            private boolean lastPage;

            @Override
            public boolean tryAdvance(Consumer<? super TrackedEventData<?>> action) {
                if (!page.hasNext()) {
                    if (lastPage) {
                        return false;
                    }
                    List<? extends TrackedEventData<?>> fetched = fetchTrackedEvents(last, batchSize());
                    lastPage = fetched.size() < batchSize();
                    page = fetched.iterator();
                    if (!page.hasNext()) {
                        return false;
                    }
                }
                TrackedEventData<?> next = page.next();
                last = next.trackingToken();
                action.accept(next);
                return true;
            }
        }, false);
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
