package org.carbonregistry.registry.commandqueue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.modelling.command.ConcurrencyException;
import org.carbonregistry.registry.eventstore.CommandTransactions;
import org.carbonregistry.registry.eventstore.PublishingTimeouts;
import org.carbonregistry.registry.rules.Causes;
import org.carbonregistry.registry.rules.CommandRefused;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;

@Configuration
class CommandQueueConfiguration {

    /**
     * Another instance appended to the aggregate after this one cached it: the commit conflicts, and the command is
     * decided again on the fresh copy, a few times in case the aggregate is busy on both instances.
     */
    static final int CONFLICT_ATTEMPTS = 4;
    /**
     * A refusal that depends on the aggregate's state, decided on a stale copy (credits received on the other
     * instance), would be wrong; it appended nothing that could conflict, so a second decision on the stored events
     * settles it.
     */
    static final int STATE_REFUSAL_ATTEMPTS = 2;

    /**
     * A group in flight longer than this (waiting for a lock, say) stops counting against the bound on groups, so the
     * commands behind it on other batches go ahead; ordinary groups take milliseconds.
     */
    static final Duration SLOW_GROUP = Duration.ofMillis(200);

    static int attempts(Throwable failure) {
        // A unique key that another transaction wrote first: another instance's event at the same sequence number
        // (Axon reports every duplicate key found while it appends as that), or an Idempotency-Key that a twin
        // request claimed (idempotency.IdempotencyStore#answerInCommand); decided again, the twin's answer is found.
        if (Causes.include(failure, ConcurrencyException.class, ConstraintViolationException.class,
                SQLIntegrityConstraintViolationException.class)) {
            return CONFLICT_ATTEMPTS;
        }
        boolean dependsOnState = Causes.anyMatch(failure, cause -> cause instanceof CommandRefused refused
                && (refused.kind() == CommandRefused.Kind.CONFLICT || refused.kind() == CommandRefused.Kind.UNPROCESSABLE));
        return dependsOnState ? STATE_REFUSAL_ATTEMPTS : 1;
    }

    /**
     * The bus the gateway and Axon's configuration use; the local segment below it handles each command. A group's
     * transaction has the same bound as a single command's.
     */
    @Bean
    @Primary
    CommandBus groupCommitCommandBus(@Qualifier("localSegment") SimpleCommandBus localSegment,
                                     PlatformTransactionManager transactions, PublishingTimeouts timeouts,
                                     MeterRegistry meters,
                                     @Value("${registry.command.group-size:64}") int groupSize,
                                     @Value("${registry.command.groups:2}") int maxGroups) {
        DistributionSummary groupSizes = DistributionSummary.builder("registry.command.group.size")
                .description("commands handled in one transaction")
                .baseUnit("commands")
                .register(meters);
        return new GroupCommitCommandBus(localSegment, new CommandTransactions(transactions, timeouts.commandTimeout()),
                groupSize, maxGroups, SLOW_GROUP, CommandQueueConfiguration::attempts, groupSizes);
    }
}
