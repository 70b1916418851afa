package org.carbonregistry.registry.webhook;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.carbonregistry.registry.eventstore.LingeringEventSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration
class WebhookConfiguration {

    @Bean
    DeliveryPolicy webhookDeliveryPolicy(@Value("${registry.webhook.initial-backoff:5s}") Duration initialBackoff,
                                         @Value("${registry.webhook.max-backoff:1h}") Duration maxBackoff,
                                         @Value("${registry.webhook.retry-for:24h}") Duration retryFor,
                                         @Value("${registry.webhook.disable-after:24h}") Duration disableAfter) {
        return new DeliveryPolicy(initialBackoff, maxBackoff, retryFor, disableAfter);
    }

    /**
     * One ordered stream, batches of events per transaction. A first start begins at the head: a webhook is owed
     * the events that occur after it was created, never the registry's history.
     */
    @Bean
    ConfigurerModule webhookFanOutProcessor(@Value("${registry.webhook.fan-out-batch-size:100}") int batchSize,
                                            ObjectProvider<LingeringEventSource> trackedEvents) {
        return configurer -> configurer.eventProcessing().registerTrackingEventProcessorConfiguration(
                        WebhookFanOut.PROCESSING_GROUP,
                        config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(batchSize)
                                .andInitialSegmentsCount(1)
                                .andInitialTrackingToken(StreamableMessageSource::createHeadToken))
                .registerTrackingEventProcessor(WebhookFanOut.PROCESSING_GROUP, config -> trackedEvents.getObject());
    }
}
