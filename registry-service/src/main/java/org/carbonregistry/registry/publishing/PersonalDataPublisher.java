package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.registry.batch.RetirementPersonalDataStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends each retirement's personal data to the compacted topic {@code registry.personal-data} (key the retirement
 * id), and a tombstone once it is erased. A tracking processor over the event store, like the events publisher,
 * so nothing is lost while Kafka is down: a failed send fails the batch, which is retried from its token.
 * The text is read from the registry's table when the event is handled, so a retirement erased in the meantime
 * never puts its text on the topic at all.
 */
@Component
@ProcessingGroup(PersonalDataPublisher.PROCESSING_GROUP)
class PersonalDataPublisher {

    static final String PROCESSING_GROUP = "personal-data-publisher";

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
        store.find(event.retirementId()).ifPresent(data -> send(event.retirementId(), data.toJson()));
    }

    @EventHandler
    void on(PersonalDataErased event) {
        send(event.retirementId(), null);
    }

    private void send(String retirementId, byte[] value) {
        // The factory hands out one shared producer (not transactional), so it is not closed here.
        var ack = producers.createProducer().send(new ProducerRecord<>(RetirementPersonalData.TOPIC, retirementId, value));
        try {
            ack.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventPublicationFailedException("interrupted while waiting for Kafka's ack", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventPublicationFailedException("Kafka did not acknowledge the personal data of retirement "
                    + retirementId + "; it will be sent again", e);
        }
    }
}
