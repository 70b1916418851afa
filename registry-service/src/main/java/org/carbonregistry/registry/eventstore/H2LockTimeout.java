package org.carbonregistry.registry.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * H2 gives up on a row lock after one second, which a burst of issuances queued on the serial counter (or a
 * retried request waiting for its twin) can exceed on a busy disk; PostgreSQL waits. Every H2 connection
 * waits {@code registry.h2.lock-timeout-ms} instead, whatever URL it was given.
 */
@Component
class H2LockTimeout implements BeanPostProcessor {

    private final long timeoutMs;

    H2LockTimeout(@Value("${registry.h2.lock-timeout-ms:10000}") long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource dataSource && dataSource.getJdbcUrl() != null
                && dataSource.getJdbcUrl().startsWith("jdbc:h2:") && dataSource.getConnectionInitSql() == null) {
            dataSource.setConnectionInitSql("SET LOCK_TIMEOUT " + timeoutMs);
        }
        return bean;
    }
}
