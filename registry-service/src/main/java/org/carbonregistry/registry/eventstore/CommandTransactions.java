package org.carbonregistry.registry.eventstore;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.TransactionTimedOutException;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import java.time.Duration;

/**
 * The command bus's transactions, bounded (see {@link PublishingTimeouts}). Spring hands the bound to Hibernate,
 * which gives every statement only the time that is left and refuses statements after it; a command that spent
 * the rest in Java (waiting for the aggregate's lock, say) is caught here, at commit, and rolled back instead.
 * Event processors keep Axon's unbounded transactions: the Kafka publisher waits for acks inside its own.
 */
public final class CommandTransactions implements TransactionManager {

    private final PlatformTransactionManager transactions;
    private final Duration bound;
    private final DefaultTransactionDefinition definition = new DefaultTransactionDefinition();

    public CommandTransactions(PlatformTransactionManager transactions, Duration bound) {
        this.transactions = transactions;
        this.bound = bound;
        definition.setTimeout((int) Math.ceil(bound.toMillis() / 1000.0));
    }

    @Override
    public Transaction startTransaction() {
        TransactionStatus status = transactions.getTransaction(definition);
        long deadline = System.nanoTime() + bound.toNanos();
        return new Transaction() {
            @Override
            public void commit() {
                if (!status.isNewTransaction() || status.isCompleted()) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    transactions.rollback(status);
                    throw new TransactionTimedOutException("the command ran longer than REGISTRY_COMMAND_TIMEOUT ("
                            + bound.toMillis() + " ms) and was rolled back; nothing was stored");
                }
                transactions.commit(status);
            }

            @Override
            public void rollback() {
                if (status.isNewTransaction() && !status.isCompleted()) {
                    transactions.rollback(status);
                }
            }
        };
    }
}
