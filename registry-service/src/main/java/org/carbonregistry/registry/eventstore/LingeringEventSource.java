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
 * The event store as the tracking processors (Kafka publisher, personal data, webhooks) read it: a processor that
 * follows the head of the stream starts a batch at most every {@code linger}, so its batch holds the events of that
 * moment instead of one or two. Each batch is one transaction that moves the processor's token (a locked read and an
 * update) and, for the publisher, one wait for Kafka's acks; under retirements those per-batch costs were paid for
 * almost every event. A processor that is behind (the next event is older than {@link #BEHIND}) never waits, and an
 * idle one takes the first event that comes at once.
 */
public final class LingeringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

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
     * An event older than this is history a processor catches up on, not the head it follows: a batch of it is taken
     * at once. An event is some milliseconds old when a processor first sees it (its command's group commits, the
     * event store's reader fetches it), so the bound is far above that.
     */
    static final Duration BEHIND = Duration.ofSeconds(1);

    /**
     * Lingers when a batch is to start (the processor waits for an event with a timeout) sooner than {@code linger}
     * after the previous one did, and the next event is at the head. While a batch fills (a zero timeout) it never
     * waits. Deciding by the time since the previous batch rather than by whether events were waiting matters under
     * load: events then arrive while each batch is handled, so a processor always found one waiting and took
     * batches of one or two.
     */
    static final class LingeringStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private final long lingerNanos;
        private long previousBatchStarted;

        LingeringStream(BlockingStream<TrackedEventMessage<?>> stream, long lingerMillis) {
            this.stream = stream;
            this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
            this.previousBatchStarted = System.nanoTime() - lingerNanos;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) {
                return stream.hasNextAvailable(timeout, unit);
            }
            if (!stream.hasNextAvailable(timeout, unit)) {
                return false;
            }
            long early = previousBatchStarted + lingerNanos - System.nanoTime();
            if (early > 0 && atTheHead()) {
                TimeUnit.NANOSECONDS.sleep(early);
            }
            previousBatchStarted = System.nanoTime();
            return true;
        }

        private boolean atTheHead() {
            Instant behind = Instant.now().minus(BEHIND);
            return stream.peek().map(next -> next.getTimestamp().isAfter(behind)).orElse(true);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return stream.nextAvailable();
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
