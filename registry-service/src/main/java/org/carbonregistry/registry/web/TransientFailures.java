package org.carbonregistry.registry.web;

import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import org.hibernate.exception.LockAcquisitionException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLTransientException;
import java.util.HashSet;
import java.util.Set;

/** Failures after which the same request may well succeed: lock and query timeouts, deadlocks, no free connection. */
final class TransientFailures {

    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException
                    || cause instanceof PessimisticLockException
                    || cause instanceof LockTimeoutException
                    || cause instanceof QueryTimeoutException
                    || cause instanceof LockAcquisitionException
                    || cause instanceof org.hibernate.PessimisticLockException
                    || cause instanceof SQLTransientException) {
                return true;
            }
        }
        return false;
    }
}
