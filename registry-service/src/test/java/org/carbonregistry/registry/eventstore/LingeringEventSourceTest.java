package org.carbonregistry.registry.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LingeringEventSourceTest {

    private final QueuedEvents events = new QueuedEvents();

    @Test
    void aBatchAfterASmallOneWaitsForMoreEvents() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 200);
        events.add(1);

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(stream.nextAvailable().trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(1));
    }

    @Test
    void aProcessorThatTookAFullBatchDoesNotWait() throws InterruptedException {
        var stream = new LingeringEventSource.LingeringStream(events, 60_000);
        for (int i = 0; i < 2 * LingeringEventSource.TRICKLE; i++) {
            events.add(i);
        }
        stream.hasNextAvailable(0, TimeUnit.SECONDS); // no batch starts with a zero timeout: never a wait
        for (int i = 0; i < LingeringEventSource.TRICKLE; i++) {
            stream.nextAvailable();
        }

        long started = System.nanoTime();
        assertThat(stream.hasNextAvailable(1, TimeUnit.SECONDS)).isTrue();

        // a wait would have taken a minute
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void nothingAvailableIsAnsweredWithoutAWait() throws InterruptedException {
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

    /** Events already stored, as the event store's stream hands them out. */
    private static final class QueuedEvents implements BlockingStream<TrackedEventMessage<?>> {

        private final Deque<TrackedEventMessage<?>> queue = new ArrayDeque<>();

        void add(long index) {
            queue.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(index),
                    GenericEventMessage.asEventMessage("event " + index)));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(queue.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return !queue.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return queue.remove();
        }

        @Override
        public void close() {
        }
    }
}
