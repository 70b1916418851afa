package org.carbonregistry.registry.publishing;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.serialization.Serializer;

import java.time.Duration;

/**
 * Sends the events of the processor's batch as {@link BatchAcks} says (the extension's publisher waits for each
 * event's ack before it sends the next); consumers drop event ids they already hold when a batch is sent again.
 */
final class PipelinedKafkaPublisher extends KafkaPublisher<String, byte[]> {

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
        // The factory hands out one shared producer (not transactional), so it is not closed here.
        BatchAcks.awaitBeforeCommit(producers.createProducer().send(converter.createKafkaMessage(event, topic)),
                ackTimeout);
    }
}
