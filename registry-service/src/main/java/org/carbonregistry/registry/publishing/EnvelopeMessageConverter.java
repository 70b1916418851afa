package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.registry.access.ActorCommand;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes each event as the DESIGN envelope: the record value is the canonical JSON the ledger hashes, the key
 * is the aggregate id (so one batch's events stay in order on one partition), and two headers let a consumer
 * route without parsing. Built only from what the event store holds, so a re-send is byte-identical.
 */
public class EnvelopeMessageConverter implements KafkaMessageConverter<String, byte[]> {

    public static final String TYPE_HEADER = "type";
    public static final String EVENT_ID_HEADER = "eventId";

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> message, String topic) {
        if (!(message instanceof DomainEventMessage<?> domainEvent) || !(message.getPayload() instanceof RegistryEvent event)) {
            throw new IllegalArgumentException("only registry domain events are published, got "
                    + message.getPayloadType().getName());
        }
        String actor = (String) message.getMetaData().get(ActorCommand.ACTOR_METADATA);
        EventEnvelope envelope = EventEnvelope.of(event, domainEvent.getAggregateIdentifier(),
                domainEvent.getSequenceNumber(), actor);
        return new ProducerRecord<>(topic, null, domainEvent.getAggregateIdentifier(), envelope.canonicalBytes(),
                List.of(new RecordHeader(TYPE_HEADER, envelope.type().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(EVENT_ID_HEADER, envelope.eventId().toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** The registry only publishes; its consumers (ledger, reporting) read envelopes themselves. */
    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> consumerRecord) {
        return Optional.empty();
    }
}
