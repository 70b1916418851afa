package org.carbonregistry.registry.web;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import org.carbonregistry.registry.rules.Causes;
import org.hibernate.exception.LockAcquisitionException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLTransientException;

/** Failures after which the same request may well succeed: lock and query timeouts, deadlocks, no free connection. */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        return Causes.include(failure, TransientDataAccessException.class, CannotCreateTransactionException.class,
                PessimisticLockException.class, LockTimeoutException.class, QueryTimeoutException.class,
                LockAcquisitionException.class, org.hibernate.PessimisticLockException.class, SQLTransientException.class);
    }
}
