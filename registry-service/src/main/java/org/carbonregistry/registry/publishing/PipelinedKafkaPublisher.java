package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends every event of the processor's batch at once, then waits for all their acks before the batch's token
 * is committed. The extension's publisher waits for each event's ack before it sends the next, so one record
 * was in flight at a time: a few hundred events a second, however fast the broker. The guarantees stay: an
 * ack that fails or does not come within the timeout fails the batch, its token is not stored, and the
 * processor sends the batch again (consumers drop event ids they already hold); the idempotent producer
 * keeps each partition in order.
 */
final class PipelinedKafkaPublisher extends KafkaPublisher<String, byte[]> {

    private static final String PENDING_ACKS = PipelinedKafkaPublisher.class.getName() + ".pendingAcks";

    private final ProducerFactory<String, byte[]> producers;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final String topic;
    private final Duration ackTimeout;

    PipelinedKafkaPublisher(ProducerFactory<String, byte[]> producers, KafkaMessageConverter<String, byte[]> converter,
                            Serializer serializer, String topic, Duration ackTimeout) {
        // The extension's own sending is replaced, so its publisher needs only what its builder insists on; the
        // serializer is unused beside the converter, named so the builder does not fall back to XStream and warn.
        super(KafkaPublisher.<String, byte[]>builder()
                .producerFactory(producers).messageConverter(converter).serializer(serializer).topic(topic));
        this.producers = producers;
        this.converter = converter;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Future<RecordMetadata>> pending = batch.getOrComputeResource(PENDING_ACKS, key -> {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            batch.onPrepareCommit(unitOfWork -> awaitAll(acks));
            return acks;
        });
        // The factory hands out one shared producer (not transactional), so it is not closed here.
        pending.add(producers.createProducer().send(converter.createKafkaMessage(event, topic)));
    }

    private void awaitAll(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublicationFailedException("interrupted while waiting for Kafka's acks", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new EventPublicationFailedException("Kafka did not acknowledge " + acks.size()
                        + " events within " + ackTimeout.toMillis() + " ms; the batch will be sent again", e);
            }
        }
    }
}
