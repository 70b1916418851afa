package org.carbonregistry.registry.eventstore;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * What every connection of the pool gets, whatever URL it was given.
 *
 * <p>PostgreSQL: {@code reWriteBatchedInserts}, so that the driver sends a JDBC batch of inserts into one table (a
 * command group's events, retirement views, personal data) as one multi-row insert instead of a statement per row.
 * A URL that sets it itself keeps its value.
 *
 * <p>H2: a lock timeout of {@code registry.h2.lock-timeout-ms}: H2 gives up on a row lock after one second, which a
 * burst of issuances queued on the serial counter (or a retried request waiting for its twin) can exceed on a busy
 * disk (PostgreSQL waits). And a query cache of {@code registry.h2.query-cache-size} statements per session: H2 keeps
 * 8, fewer than the distinct statements one command runs (event append, idempotency and personal-data rows, views,
 * tokens), so it parsed them again on every prepare (H2 parsed SQL in 3 to 6 % of registry-service's CPU under
 * retirements; H2 never caches {@code select ... for update}, which Axon's token store uses). A URL that sets
 * {@code QUERY_CACHE_SIZE} itself keeps its value.
 */
@Component
class ConnectionSettings implements BeanPostProcessor {

    private final long lockTimeoutMs;
    private final int queryCacheSize;

    ConnectionSettings(@Value("${registry.h2.lock-timeout-ms:10000}") long lockTimeoutMs,
                       @Value("${registry.h2.query-cache-size:128}") int queryCacheSize) {
        this.lockTimeoutMs = lockTimeoutMs;
        this.queryCacheSize = queryCacheSize;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (!(bean instanceof HikariDataSource dataSource) || dataSource.getJdbcUrl() == null) {
            return bean;
        }
        if (dataSource.getJdbcUrl().startsWith("jdbc:postgresql:")
                && !dataSource.getJdbcUrl().toLowerCase(Locale.ROOT).contains("rewritebatchedinserts")) {
            dataSource.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        if (dataSource.getJdbcUrl().startsWith("jdbc:h2:")) {
            if (dataSource.getConnectionInitSql() == null) {
                dataSource.setConnectionInitSql("SET LOCK_TIMEOUT " + lockTimeoutMs);
            }
            if (!dataSource.getJdbcUrl().toUpperCase(Locale.ROOT).contains(";QUERY_CACHE_SIZE=")) {
                dataSource.setJdbcUrl(dataSource.getJdbcUrl() + ";QUERY_CACHE_SIZE=" + queryCacheSize);
            }
        }
        return bean;
    }
}
