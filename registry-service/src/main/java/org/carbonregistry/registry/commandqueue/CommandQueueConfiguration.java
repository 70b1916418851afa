package org.carbonregistry.registry.commandqueue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.carbonregistry.registry.eventstore.CommandTransactions;
import org.carbonregistry.registry.eventstore.PublishingTimeouts;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration
class CommandQueueConfiguration {

    /**
     * The bus the gateway and Axon's configuration use; the local segment below it handles each command. A group's
     * transaction has the same bound as a single command's.
     */
    @Bean
    @Primary
    CommandBus groupCommitCommandBus(@Qualifier("localSegment") SimpleCommandBus localSegment,
                                     PlatformTransactionManager transactions, PublishingTimeouts timeouts,
                                     MeterRegistry meters,
                                     @Value("${registry.command.group-size:64}") int groupSize) {
        DistributionSummary groupSizes = DistributionSummary.builder("registry.command.group.size")
                .description("commands handled in one transaction on one aggregate")
                .baseUnit("commands")
                .register(meters);
        return new GroupCommitCommandBus(localSegment, new CommandTransactions(transactions, timeouts.commandTimeout()),
                groupSize, groupSizes);
    }
}
