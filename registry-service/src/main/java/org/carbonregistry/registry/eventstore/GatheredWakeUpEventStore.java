package org.carbonregistry.registry.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Axon's embedded event store, except that its producer (the thread that reads new events for the tracking
 * processors) is woken at most once per {@code delay} instead of after every commit. Under load every command is a
 * commit of its own, and each woke the producer into a query that found one event: a twentieth of registry-service's
 * CPU. The processors wait for more events anyway once caught up ({@link LingeringEventSource}), so gathering the
 * commits of a few milliseconds into one read costs no publishing latency worth naming. A zero delay wakes it at every
 * commit, as Axon does.
 */
public class GatheredWakeUpEventStore extends EmbeddedEventStore {

    private final long delayNanos;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean wakeUpPending = new AtomicBoolean();

    GatheredWakeUpEventStore(Builder builder, Duration delay, ScheduledExecutorService scheduler) {
        super(builder);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the event store's wake-up delay cannot be negative: " + delay);
        }
        this.delayNanos = delay.toNanos();
        this.scheduler = scheduler;
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        if (delayNanos == 0) {
            wakeProducer();
            return;
        }
        // One wake-up in flight at a time: the commits until it runs are read by the fetch it causes.
        if (wakeUpPending.compareAndSet(false, true)) {
            scheduler.schedule(this::wakeUp, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void wakeUp() {
        wakeUpPending.set(false);
        wakeProducer();
    }

    /** Axon's own wake-up: the producer reads what was committed since its last read (it ignores the list). */
    void wakeProducer() {
        super.afterCommit(List.of());
    }

    @Override
    public void shutDown() {
        scheduler.shutdownNow();
        super.shutDown();
    }
}
