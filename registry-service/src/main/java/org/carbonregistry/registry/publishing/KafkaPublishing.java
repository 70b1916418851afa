package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.DefaultProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.registry.eventstore.LingeringEventSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.Map;

/**
 * Events reach Kafka from a tracking processor over the event store, so the event store is the outbox: an
 * accepted event waits there while Kafka is down and is sent, in order, once it is back. Each send waits for
 * acks from all in-sync replicas from an idempotent producer; a failed send fails the processor's batch, which
 * is retried from the same token.
 */
@org.springframework.context.annotation.Configuration
class KafkaPublishing {

    @Bean
    ProducerFactory<String, byte[]> kafkaProducerFactory(
            @Value("${registry.kafka.bootstrap-servers}") String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                // Give up on a send quickly while the broker is away: the processor retries from its token.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return DefaultProducerFactory.<String, byte[]>builder()
                .configuration(config)
                .confirmationMode(ConfirmationMode.WAIT_FOR_ACK)
                .build();
    }

    @Bean
    KafkaMessageConverter<String, byte[]> kafkaMessageConverter(EnvelopeSigner signer) {
        return new EnvelopeMessageConverter(signer);
    }

    /**
     * One thread over one segment keeps the global event order, hence every batch's order on its partition;
     * batches of events share one wait for acks. A first start begins at the tail as a regular run: Axon's
     * default first token is a replay, and the publisher (rightly) skips replays, so events stored before the
     * processor first ran would never reach Kafka.
     */
    @Bean
    ConfigurerModule kafkaPublishingProcessor(@Value("${registry.kafka.publish-batch-size:200}") int batchSize) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialSegmentsCount(1)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken));
    }

    /** As the events publisher: one ordered stream, so a retirement's record always precedes its tombstone. */
    @Bean
    ConfigurerModule personalDataProcessor(@Value("${registry.kafka.publish-batch-size:200}") int batchSize,
                                           ObjectProvider<LingeringEventSource> trackedEvents) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                        PersonalDataPublisher.PROCESSING_GROUP,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialSegmentsCount(1))
                .registerTrackingEventProcessor(PersonalDataPublisher.PROCESSING_GROUP,
                        config -> trackedEvents.getObject());
    }

    /** Every event of every command is measured before it is stored. */
    @Bean
    ConfigurerModule eventSizeLimit(@Value("${registry.max-event-bytes:65535}") int maxEventBytes) {
        if (maxEventBytes < 1 || maxEventBytes > EventSizeLimit.MOST_BYTES) {
            throw new IllegalStateException("REGISTRY_MAX_EVENT_BYTES is " + maxEventBytes + "; it must be 1 to "
                    + EventSizeLimit.MOST_BYTES + ", because a tlog-tiles entry bundle carries each envelope's length"
                    + " in two bytes");
        }
        return configurer -> configurer.onInitialize(config -> config.onStart(
                () -> config.eventStore().registerDispatchInterceptor(new EventSizeLimit(maxEventBytes))));
    }

    @Bean(destroyMethod = "shutDown")
    KafkaPublisher<String, byte[]> kafkaPublisher(ProducerFactory<String, byte[]> producerFactory,
                                                  KafkaMessageConverter<String, byte[]> converter,
                                                  Configuration axon,
                                                  @Value("${registry.kafka.topic}") String topic,
                                                  @Value("${registry.kafka.ack-timeout-ms:10000}") long ackTimeoutMs) {
        return new PipelinedKafkaPublisher(producerFactory, converter, axon.eventSerializer(), topic,
                Duration.ofMillis(ackTimeoutMs));
    }

    /**
     * The extension's publisher, registered as the extension registers it, but reading the event store through
     * {@link LingeringEventSource}: the extension's own registration reads the event bus itself.
     */
    @Bean
    KafkaEventPublisher<String, byte[]> kafkaEventPublisher(KafkaPublisher<String, byte[]> kafkaPublisher,
                                                            EventProcessingConfigurer processing,
                                                            ObjectProvider<LingeringEventSource> trackedEvents) {
        KafkaEventPublisher<String, byte[]> publisher = KafkaEventPublisher.<String, byte[]>builder()
                .processingGroup(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP)
                .kafkaPublisher(kafkaPublisher)
                .build();
        String group = publisher.getProcessingGroup();
        processing.registerEventHandler(config -> publisher)
                .registerListenerInvocationErrorHandler(group, config -> PropagatingErrorHandler.instance())
                .assignHandlerTypesMatching(group, type -> type.isAssignableFrom(KafkaEventPublisher.class))
                .registerTrackingEventProcessor(group, config -> trackedEvents.getObject());
        return publisher;
    }
}
