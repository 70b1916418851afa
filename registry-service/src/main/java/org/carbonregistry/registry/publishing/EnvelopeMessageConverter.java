package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.RegistryEvent;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.registry.access.ActorCommand;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes each event as the DESIGN envelope: the record value is the canonical JSON the ledger hashes, the key
 * is the aggregate id (so one batch's events stay in order on one partition), two headers let a consumer
 * route without parsing, and two more carry the registry's Ed25519 signature over exactly the value and the id
 * of the key that made it. Built only from what the event store holds, so a re-send is byte-identical
 * (Ed25519 signatures are deterministic).
 */
public class EnvelopeMessageConverter implements KafkaMessageConverter<String, byte[]> {

    public static final String TYPE_HEADER = "type";
    public static final String EVENT_ID_HEADER = "eventId";

    private final EnvelopeSigner signer;

    public EnvelopeMessageConverter(EnvelopeSigner signer) {
        this.signer = signer;
    }

    @Override
    public ProducerRecord<String, byte[]> createKafkaMessage(EventMessage<?> message, String topic) {
        if (!(message instanceof DomainEventMessage<?> domainEvent) || !(message.getPayload() instanceof RegistryEvent event)) {
            throw new IllegalArgumentException("only registry domain events are published, got "
                    + message.getPayloadType().getName());
        }
        EventEnvelope envelope = envelopeOf(domainEvent, event);
        SignedEnvelope signed = signer.sign(envelope.canonicalBytes());
        return new ProducerRecord<>(topic, null, domainEvent.getAggregateIdentifier(), signed.envelope(),
                List.of(new RecordHeader(TYPE_HEADER, utf8(envelope.type())),
                        new RecordHeader(EVENT_ID_HEADER, utf8(envelope.eventId().toString())),
                        new RecordHeader(SignedEnvelope.SIGNATURE_HEADER, utf8(signed.signature())),
                        new RecordHeader(SignedEnvelope.KEY_ID_HEADER, utf8(signed.keyId()))));
    }

    /** The envelope of a stored event: what goes on the topic, and what the event size cap measures. */
    public static EventEnvelope envelopeOf(DomainEventMessage<?> message, RegistryEvent event) {
        String actor = (String) message.getMetaData().get(ActorCommand.ACTOR_METADATA);
        return EventEnvelope.of(event, message.getAggregateIdentifier(), message.getSequenceNumber(), actor);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The registry only publishes; its consumers (ledger, reporting) read envelopes themselves. */
    @Override
    public Optional<EventMessage<?>> readKafkaMessage(ConsumerRecord<String, byte[]> consumerRecord) {
        return Optional.empty();
    }
}
