package org.carbonregistry.registry.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LingeringEventSourceTest {

    private final Events events = new Events();

    @Test
    void anIdleProcessorTakesTheNextEventAtOnce() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 60_000);
        events.arrivesWhileWaitedFor(1);

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();

        // a linger would have taken a minute
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(stream.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(1));
    }

    @Test
    void aProcessorFollowingTheHeadStartsItsNextBatchNoSoonerThanALingerAfterThePreviousOne()
            throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 200);
        events.stored(1, Instant.now());
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        long firstBatch = System.nanoTime();
        stream.nextAvailable();
        events.stored(2, Instant.now()); // came while the first batch was handled

        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - firstBatch)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(stream.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    void aBatchBeingFilledNeverWaits() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 60_000);
        events.stored(1, Instant.now());
        events.stored(2, Instant.now());
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        stream.nextAvailable();

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aProcessorBehindTakesTheEventsWaitingAtOnce() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 60_000);
        Instant past = Instant.now().minus(LingeringEventSource.BEHIND).minusSeconds(1);
        events.stored(1, past);
        events.stored(2, past);

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();
        stream.nextAvailable(); // say a processor that ignores this event type: it asks again at once
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();

        // a linger would have taken a minute
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void noEventIsAnsweredWithoutALinger() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 60_000);

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new LingeringEventSource(token -> events, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noLingerHandsOutTheStreamItself() {
        assertThat(new LingeringEventSource(token -> events, Duration.ZERO).openStream(null)).isSameAs(events);
    }

    /** The event store's stream: events already stored, and one that is appended while a processor waits. */
    private static final class Events implements BlockingStream<TrackedEventMessage<?>> {

        private final Deque<TrackedEventMessage<?>> stored = new ArrayDeque<>();
        private TrackedEventMessage<?> arriving;

        void stored(long index, Instant occurred) {
            stored.add(event(index, occurred));
        }

        void arrivesWhileWaitedFor(long index) {
            arriving = event(index, Instant.now());
        }

        private static TrackedEventMessage<?> event(long index, Instant occurred) {
            return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                    new GenericEventMessage<>("event-" + index, "event " + index, Map.of(), occurred));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(stored.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            if (stored.isEmpty() && arriving != null && timeout > 0) {
                stored.add(arriving);
                arriving = null;
            }
            return !stored.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return stored.remove();
        }

        @Override
        public void close() {
        }
    }
}
