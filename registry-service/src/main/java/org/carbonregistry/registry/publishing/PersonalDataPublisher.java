package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.registry.batch.RetirementPersonalDataStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Sends each retirement's personal data to the compacted topic {@code registry.personal-data} (key the retirement
 * id), and a tombstone once it is erased. A tracking processor over the event store, like the events publisher,
 * so nothing is lost while Kafka is down: a failed send fails the batch, which is retried from its token.
 * The text is read from the registry's table when the event is handled, so a retirement erased in the meantime
 * never puts its text on the topic at all. The texts of a batch's retirements are read together, when its first
 * retirement is handled (the batch's events are all committed by then), and its records are sent as
 * {@link BatchAcks} says.
 */
@Component
@ProcessingGroup(PersonalDataPublisher.PROCESSING_GROUP)
class PersonalDataPublisher {

    static final String PROCESSING_GROUP = "personal-data-publisher";
    private static final String TEXTS = PersonalDataPublisher.class.getName() + ".texts";

    private final ProducerFactory<String, byte[]> producers;
    private final RetirementPersonalDataStore store;
    private final Duration ackTimeout;

    PersonalDataPublisher(ProducerFactory<String, byte[]> producers, RetirementPersonalDataStore store,
                          @Value("${registry.kafka.ack-timeout-ms:10000}") long ackTimeoutMs) {
        this.producers = producers;
        this.store = store;
        this.ackTimeout = Duration.ofMillis(ackTimeoutMs);
    }

    @EventHandler
    void on(CreditsRetired event) {
        RetirementPersonalData text = textsOfTheBatch(event).get(event.retirementId());
        if (text != null) {
            send(event.retirementId(), text.toJson());
        }
    }

    @EventHandler
    void on(PersonalDataErased event) {
        send(event.retirementId(), null);
    }

    /** The texts of every retirement in the processor's batch that still has one, read once per batch. */
    private Map<String, RetirementPersonalData> textsOfTheBatch(CreditsRetired event) {
        if (!(CurrentUnitOfWork.get() instanceof BatchingUnitOfWork<?> batch)) {
            return store.findAll(List.of(event.retirementId()));
        }
        return batch.getOrComputeResource(TEXTS, key -> store.findAll(retirementIds(batch.getMessages())));
    }

    private static List<String> retirementIds(List<?> messages) {
        return messages.stream()
                .map(EventMessage.class::cast)
                .filter(message -> CreditsRetired.class.equals(message.getPayloadType()))
                .map(message -> ((CreditsRetired) message.getPayload()).retirementId())
                .toList();
    }

    private void send(String retirementId, byte[] value) {
        // The factory hands out one shared producer (not transactional), so it is not closed here.
        BatchAcks.awaitBeforeCommit(producers.createProducer().send(
                new ProducerRecord<>(RetirementPersonalData.TOPIC, retirementId, value)), ackTimeout);
    }
}
