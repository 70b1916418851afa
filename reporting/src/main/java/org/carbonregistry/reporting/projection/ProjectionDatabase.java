package org.carbonregistry.reporting.projection;

import com.zaxxer.hikari.HikariConfig;

/** Connection settings the projection's write pattern (large JDBC batches per poll) needs. */
public final class ProjectionDatabase {

    private ProjectionDatabase() {
    }

    /**
     * On PostgreSQL, {@code reWriteBatchedInserts}: the driver sends a batch of inserts as multi-row statements instead
     * of one round trip and one plan execution per row, which the catch-up spends most of its database time on.
     */
    public static void tune(HikariConfig pool) {
        String url = pool.getJdbcUrl();
        if (url != null && url.startsWith("jdbc:postgresql:") && !url.contains("reWriteBatchedInserts")) {
            pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
    }
}
