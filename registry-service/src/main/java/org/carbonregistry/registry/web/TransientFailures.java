package org.carbonregistry.registry.web;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import org.carbonregistry.registry.rules.Causes;
import org.hibernate.exception.LockAcquisitionException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.sql.SQLTransientException;

/**
 * Failures after which the same request may well succeed: lock and query timeouts, deadlocks, no free connection,
 * a command that outran REGISTRY_COMMAND_TIMEOUT (rolled back at commit, or refused a statement by Hibernate,
 * which says so only in its message).
 */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        return Causes.include(failure, TransientDataAccessException.class, CannotCreateTransactionException.class,
                PessimisticLockException.class, LockTimeoutException.class, QueryTimeoutException.class,
                LockAcquisitionException.class, org.hibernate.PessimisticLockException.class, SQLTransientException.class,
                TransactionTimedOutException.class) || transactionTimedOut(failure);
    }

    private static boolean transactionTimedOut(Throwable failure) {
        return Causes.anyMatch(failure, cause -> cause instanceof org.hibernate.TransactionException
                && String.valueOf(cause.getMessage()).contains("transaction timeout expired"));
    }
}
