package org.carbonregistry.registry.eventstore;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.rules.Stamps;
import org.carbonregistry.registry.rules.SystemStamps;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;

@Configuration
// Axon registers its event store entities only when it builds the engine itself.
@RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
class AxonConfiguration {

    /** Both the event store's reader and the tracking processors' source pace themselves by it. */
    private static final String LINGER = "${registry.publishing.linger:50ms}";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Stamps stamps(Clock clock) {
        return new SystemStamps(clock);
    }

    /** A hot batch collects many events; a snapshot every N keeps loading it cheap even without the cache. */
    @Bean
    SnapshotTriggerDefinition creditBatchSnapshotTrigger(Snapshotter snapshotter,
                                                         @Value("${registry.batch.snapshot-threshold:200}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /** Checked when built: the registry does not start with settings under which an event could be skipped. */
    @Bean
    PublishingTimeouts publishingTimeouts(@Value("${registry.command.transaction-timeout:15s}") Duration commandTimeout,
                                          @Value("${registry.publishing.gap-timeout:60s}") Duration gapTimeout,
                                          @Value("${registry.publishing.max-gap-offset:100000}") int maxGapOffset) {
        return new PublishingTimeouts(commandTimeout, gapTimeout, maxGapOffset);
    }

    /**
     * Axon's command bus as its auto-configuration builds it, except that each command's transaction is bounded
     * by {@link PublishingTimeouts#commandTimeout()}.
     */
    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(PlatformTransactionManager transactions, PublishingTimeouts timeouts,
                                org.axonframework.config.Configuration axon,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(new CommandTransactions(transactions, timeouts.commandTimeout()))
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(axon.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return commandBus;
    }

    /**
     * Axon's JPA event store, as its auto-configuration builds it, but reading gaps apart (see the class), read for
     * the tracking processors at most every linger, and with the gap settings the command timeout was checked against.
     */
    @Bean
    EventStorageEngine eventStorageEngine(PublishingTimeouts timeouts, Serializer defaultSerializer, PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Value(LINGER) Duration linger,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration axon,
                                          EntityManagerProvider entityManagerProvider, TransactionManager transactionManager) {
        return new GapSplittingJpaEventStorageEngine(JpaEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(axon.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(axon.snapshotFilter())
                .entityManagerProvider(entityManagerProvider)
                .transactionManager(transactionManager)
                .gapTimeout(Math.toIntExact(timeouts.gapTimeout().toMillis()))
                .maxGapOffset(timeouts.maxGapOffset()), linger);
    }

    /**
     * What the tracking processors read: the event store, with batches gathered when events trickle in. The Kafka
     * publisher is registered with it (publishing.KafkaPublishing); processors configured in application.yml name it
     * as their {@code source}.
     */
    @Bean
    LingeringEventSource trackedEvents(EventStore eventStore,
                                       @Value(LINGER) Duration linger) {
        return new LingeringEventSource(eventStore, linger);
    }

    @Bean
    Cache creditBatchCache(@Value("${registry.batch.cache-size:4096}") int capacity) {
        return new BoundedCache(capacity);
    }

    @Bean
    CorrelationDataProvider actorOnEvents() {
        return new SimpleCorrelationDataProvider(ActorCommand.ACTOR_METADATA);
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /** Every command names its actor; the metadata carries it on to the events it causes. */
    @Bean
    ConfigurerModule actorMetadata() {
        return configurer -> configurer.onInitialize(config -> config.onStart(() -> {
            CommandBus commandBus = config.commandBus();
            commandBus.registerDispatchInterceptor(new ActorMetadataInterceptor());
        }));
    }

    /**
     * A view or directory update that fails must fail the command (they share its transaction), and a Kafka
     * send that fails must be retried, never skipped: no handler error is swallowed.
     */
    @Bean
    ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance());
    }
}
