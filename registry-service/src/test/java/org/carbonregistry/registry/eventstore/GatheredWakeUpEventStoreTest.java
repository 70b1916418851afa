package org.carbonregistry.registry.eventstore;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatheredWakeUpEventStoreTest {

    private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    private final List<EmbeddedEventStore> stores = new ArrayList<>();

    @AfterEach
    void shutDown() {
        stores.forEach(EmbeddedEventStore::shutDown);
        scheduler.shutdownNow();
    }

    @Test
    void theCommitsUntilTheWakeUpRunsWakeTheProducerOnce() {
        // An hour's delay: the wake-up runs only when the test runs it.
        CountingStore store = counting(Duration.ofHours(1));

        for (int i = 0; i < 50; i++) {
            store.publish(GenericEventMessage.asEventMessage("commit " + i));
        }
        assertThat(scheduler.getQueue()).as("one wake-up waiting for 50 commits").hasSize(1);
        assertThat(store.wakeUps).hasValue(0);

        runTheWaitingWakeUp();
        assertThat(store.wakeUps).hasValue(1);

        store.publish(GenericEventMessage.asEventMessage("after the wake-up"));
        assertThat(scheduler.getQueue()).as("the next commit waits for a wake-up of its own").hasSize(1);
    }

    @Test
    void aZeroDelayWakesTheProducerAtEveryCommitAsAxonDoes() {
        CountingStore store = counting(Duration.ZERO);

        for (int i = 0; i < 5; i++) {
            store.publish(GenericEventMessage.asEventMessage("commit " + i));
        }
        assertThat(store.wakeUps).hasValue(5);
        assertThat(scheduler.getQueue()).isEmpty();
    }

    @Test
    void aNegativeDelayIsRefused() {
        assertThatThrownBy(() -> new GatheredWakeUpEventStore(builder(), Duration.ofMillis(-1), scheduler))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be negative");
    }

    @Test
    void aReaderGetsEveryEventCommittedWhileTheProducerWasNotWoken() throws Exception {
        // Axon's producer also reads on its own after its fetch delay: an hour here, so only the wake-ups bring events.
        GatheredWakeUpEventStore store = new GatheredWakeUpEventStore(builder(), Duration.ofMillis(10), scheduler);
        stores.add(store);
        List<Object> read = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
            for (int i = 0; i < 200; i++) {
                store.publish(GenericEventMessage.asEventMessage("commit " + i));
            }
            while (read.size() < 200 && stream.hasNextAvailable(10, TimeUnit.SECONDS)) {
                read.add(stream.nextAvailable().getPayload());
            }
        }
        assertThat(read).hasSize(200).startsWith("commit 0", "commit 1").endsWith("commit 199");
    }

    /** The queue's poll() hands out only tasks that are due: this one is not for an hour. */
    private void runTheWaitingWakeUp() {
        Runnable wakeUp = scheduler.getQueue().iterator().next();
        scheduler.remove(wakeUp);
        wakeUp.run();
    }

    private CountingStore counting(Duration delay) {
        CountingStore store = new CountingStore(builder(), delay, scheduler);
        stores.add(store);
        return store;
    }

    private static EmbeddedEventStore.Builder builder() {
        return EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine())
                .fetchDelay(1).timeUnit(TimeUnit.HOURS);
    }

    private static final class CountingStore extends GatheredWakeUpEventStore {
        final AtomicInteger wakeUps = new AtomicInteger();

        CountingStore(Builder builder, Duration delay, ScheduledThreadPoolExecutor scheduler) {
            super(builder, delay, scheduler);
        }

        @Override
        void wakeProducer() {
            wakeUps.incrementAndGet();
            super.wakeProducer();
        }
    }
}
