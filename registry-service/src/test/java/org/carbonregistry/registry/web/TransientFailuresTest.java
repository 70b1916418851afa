package org.carbonregistry.registry.web;

import jakarta.persistence.PersistenceException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class TransientFailuresTest {

    @Test
    void aLockTimeoutDeepInTheCauseChainIsWorthARetry() {
        var lockTimeout = new SQLTimeoutException("Timeout trying to lock table", "HYT00", 50200);
        var failure = new CommandExecutionException("command failed", new PersistenceException("could not execute", lockTimeout));
        assertThat(TransientFailures.isTransient(failure)).isTrue();
    }

    @Test
    void noFreeConnectionOrADeadlockIsWorthARetry() {
        assertThat(TransientFailures.isTransient(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool exhausted")))).isTrue();
        assertThat(TransientFailures.isTransient(new PessimisticLockingFailureException("deadlock"))).isTrue();
    }

    @Test
    void aCommandThatOutranItsTransactionBoundIsWorthARetry() {
        assertThat(TransientFailures.isTransient(new TransactionTimedOutException("ran longer than the bound"))).isTrue();
        assertThat(TransientFailures.isTransient(new PersistenceException("could not execute",
                new org.hibernate.TransactionException("transaction timeout expired")))).isTrue();
        assertThat(TransientFailures.isTransient(new org.hibernate.TransactionException("not started"))).isFalse();
    }

    @Test
    void aBrokenConstraintOrABugIsNot() {
        assertThat(TransientFailures.isTransient(new PersistenceException("duplicate",
                new SQLIntegrityConstraintViolationException("unique")))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void aCauseChainWithACycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(TransientFailures.isTransient(first)).isFalse();
    }
}
