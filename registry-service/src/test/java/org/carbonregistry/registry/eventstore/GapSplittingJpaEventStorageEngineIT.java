package org.carbonregistry.registry.eventstore;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The split reads return exactly what Axon's own engine returns, gap events first, for tokens with and without gaps;
 * the tracking processors' reader reads at most once per pace.
 */
class GapSplittingJpaEventStorageEngineIT extends RunningRegistry {

    @Autowired
    EventStorageEngine engine;
    @Autowired
    Serializer serializer;
    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;
    @Autowired
    EntityManagerProvider entityManagerProvider;
    @Autowired
    TransactionManager transactionManager;

    @Test
    void readsTheSameEventsAsAxonsEngineWhateverTheGaps() {
        for (int scene = 0; scene < 3; scene++) {
            newScene(1_000); // accounts, a project and an issued batch: half a dozen events each
        }
        // small batches, so that gaps fill whole batches and the new events are reached batches later
        JpaEventStorageEngine stock = smallBatches().build();
        GapSplittingJpaEventStorageEngine split = new GapSplittingJpaEventStorageEngine(smallBatches(), Duration.ZERO);
        assertThat(engine).isInstanceOf(GapSplittingJpaEventStorageEngine.class);
        List<Long> stored = transactionManager.fetchInTransaction(() -> stock.readEvents(null, false)
                .map(event -> ((GapAwareTrackingToken) event.trackingToken()).getIndex()).toList());
        assertThat(stored.size()).isGreaterThan(10);

        long index = stored.get(stored.size() / 2);
        for (TreeSet<Long> gaps : List.of(new TreeSet<Long>(),
                new TreeSet<>(List.of(stored.get(1))),
                new TreeSet<>(List.of(0L, stored.get(0), stored.get(2), stored.get(3), index - 1)), // 0: never an index
                stored.stream().filter(i -> i < index).collect(Collectors.toCollection(TreeSet::new)))) {
            GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(index, gaps);
            List<String> expected = eventIds(stock, token);
            // a gap need not hold an event: index - 1 is a hole wherever a rolled-back transaction took that index
            assertThat(expected).hasSize((int) stored.stream().filter(i -> i > index || gaps.contains(i)).count());
            assertThat(eventIds(split, token)).as("gaps %s below %d", gaps, index).isEqualTo(expected);
            assertThat(eventIds(engine, token)).as("gaps %s below %d", gaps, index).isEqualTo(expected);
        }
    }

    @Test
    void theProcessorsReaderStartsAReadAtMostOncePerPaceAndOtherReadersNeverWait() {
        newScene(1_000);
        GapSplittingJpaEventStorageEngine paced = new GapSplittingJpaEventStorageEngine(smallBatches(),
                Duration.ofMillis(300));
        long started = System.nanoTime();
        List<Long> firstRead = transactionManager.fetchInTransaction(() -> paced.readEvents(null, true)
                .map(event -> ((GapAwareTrackingToken) event.trackingToken()).getIndex()).toList());
        GapAwareTrackingToken last = GapAwareTrackingToken.newInstance(firstRead.get(firstRead.size() - 1), List.of());

        transactionManager.fetchInTransaction(() -> paced.readEvents(last, true).toList());

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        GapSplittingJpaEventStorageEngine slow = new GapSplittingJpaEventStorageEngine(smallBatches(),
                Duration.ofMinutes(1));
        long unpaced = System.nanoTime();
        for (int read = 0; read < 3; read++) {
            eventIds(slow, last);
        }
        // a pace would have taken minutes
        assertThat(Duration.ofNanos(System.nanoTime() - unpaced)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void theProcessorsReaderEndsAReadAtAPageThatIsNotFullWhereAxonsReadsOnUntilAnEmptyOne() {
        for (int scene = 0; scene < 3; scene++) {
            newScene(1_000); // half a dozen events each
        }
        List<Long> stored = transactionManager.fetchInTransaction(() -> engine.readEvents(null, false)
                .map(event -> ((GapAwareTrackingToken) event.trackingToken()).getIndex()).toList());
        // 12 events after the token: pages of 5, 5 and 2
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(stored.get(stored.size() - 13), List.of());
        List<Integer> pages = new ArrayList<>();
        GapSplittingJpaEventStorageEngine counted = new GapSplittingJpaEventStorageEngine(smallBatches(),
                Duration.ZERO) {
            @Override
            protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
                List<? extends TrackedEventData<?>> page = super.fetchTrackedEvents(lastToken, batchSize);
                pages.add(page.size());
                return page;
            }
        };

        List<String> forTheProcessors = transactionManager.fetchInTransaction(() -> counted.readEvents(token, true)
                .map(TrackedEventMessage::getIdentifier).toList());

        assertThat(forTheProcessors).isEqualTo(eventIds(engine, token)).hasSize(12);
        assertThat(pages).containsExactly(5, 5, 2);
        pages.clear();
        assertThat(eventIds(counted, token)).hasSize(12);
        assertThat(pages).as("Axon's read, which other readers keep").containsExactly(5, 5, 2, 0);
    }

    private JpaEventStorageEngine.Builder smallBatches() {
        return JpaEventStorageEngine.builder()
                .snapshotSerializer(serializer).eventSerializer(eventSerializer)
                .entityManagerProvider(entityManagerProvider).transactionManager(transactionManager)
                .batchSize(5);
    }

    /** Every event after {@code token}, in the order the engine hands them to a tracking processor. */
    private List<String> eventIds(EventStorageEngine storage, GapAwareTrackingToken token) {
        return transactionManager.fetchInTransaction(() -> storage.readEvents(token, false)
                .map(TrackedEventMessage::getIdentifier)
                .toList());
    }
}
