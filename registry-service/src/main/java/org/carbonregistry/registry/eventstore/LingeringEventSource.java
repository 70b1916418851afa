package org.carbonregistry.registry.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The event store as the tracking processors (Kafka publisher, personal data, webhooks) read it: when events trickle
 * in, a processor waits {@code linger} after the first one before it takes its batch, so the batch holds the events of
 * that moment instead of one or two. Each batch is one transaction that moves the processor's token (a locked read and
 * an update) and, for the publisher, one wait for Kafka's acks; under retirements those per-batch costs were paid for
 * almost every event. A processor that is behind takes full batches and never waits.
 */
public final class LingeringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** A batch of fewer events than this was taken from a trickle; the next one lingers. */
    static final int TRICKLE = 16;

    private final StreamableMessageSource<TrackedEventMessage<?>> events;
    private final Duration linger;

    public LingeringEventSource(StreamableMessageSource<TrackedEventMessage<?>> events, Duration linger) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("a linger cannot be negative: " + linger);
        }
        this.events = events;
        this.linger = linger;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        BlockingStream<TrackedEventMessage<?>> stream = events.openStream(trackingToken);
        return linger.isZero() ? stream : new LingeringStream(stream, linger.toMillis());
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return events.createTokenSince(duration);
    }

    /**
     * A tracking processor asks {@code hasNextAvailable(timeout)} once at the start of each batch and then takes what
     * is already there; the events taken in between tell how full the last batch was.
     */
    static final class LingeringStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private final long lingerMillis;
        private int takenSinceWait = 0;

        LingeringStream(BlockingStream<TrackedEventMessage<?>> stream, long lingerMillis) {
            this.stream = stream;
            this.lingerMillis = lingerMillis;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            boolean available = stream.hasNextAvailable(timeout, unit);
            if (timeout > 0) {
                if (available && takenSinceWait < TRICKLE) {
                    Thread.sleep(lingerMillis);
                }
                takenSinceWait = 0;
            }
            return available;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> next = stream.nextAvailable();
            takenSinceWait++;
            return next;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            stream.close();
        }
    }
}
