package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The acks of the records a tracking processor sends while it handles a batch: every record of the batch is sent at
 * once, and all acks are awaited before the batch's token is committed. Waiting for each ack before sending the next
 * kept one record in flight at a time: a few hundred records a second, however fast the broker, and a produce
 * request per record. The guarantees stay: an ack that fails or does not come within the timeout fails the batch, its
 * token is not stored, and the processor sends the batch again; the idempotent producer keeps each partition in order.
 */
final class BatchAcks {

    private static final String PENDING = BatchAcks.class.getName() + ".pending";

    private BatchAcks() {
    }

    /** Adds {@code ack} to those the current batch awaits, within {@code timeout} of its end, before it commits. */
    static void awaitBeforeCommit(Future<RecordMetadata> ack, Duration timeout) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        batch.getOrComputeResource(PENDING, key -> {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAll(acks, timeout));
            return acks;
        }).add(ack);
    }

    private static void awaitAll(List<Future<RecordMetadata>> acks, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublicationFailedException("interrupted while waiting for Kafka's acks", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new EventPublicationFailedException("Kafka did not acknowledge " + acks.size()
                        + " records within " + timeout.toMillis() + " ms; the batch will be sent again", e);
            }
        }
    }
}
