package org.carbonregistry.reporting.projection;

import com.zaxxer.hikari.HikariDataSource;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.junit.jupiter.api.RepeatedTest;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Instances of reporting that start together over one fresh PostgreSQL database, where concurrent {@code CREATE TABLE
 * IF NOT EXISTS} statements collide on the catalog without the schema lock. PostgreSQL only (CI's second pass): an H2
 * file belongs to one process, so instances never share one.
 */
class ProjectionSchemaIT {

    private static final int INSTANCES = 4;

    @RepeatedTest(5)
    void severalInstancesCreateTheSchemaAtOnce() throws Exception {
        assumeTrue(TestDatabase.usesPostgres(), "several instances share a database only on PostgreSQL");
        TestDatabase database = TestDatabase.fresh("schema-race");
        List<DataSource> instances = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(database.dataSource());
        }
        try {
            CyclicBarrier start = new CyclicBarrier(INSTANCES);
            List<CompletableFuture<Void>> starts = instances.stream()
                    .map(dataSource -> CompletableFuture.runAsync(() -> {
                        awaitQuietly(start);
                        ProjectionSchema.create(dataSource);
                    }))
                    .toList();
            for (CompletableFuture<Void> started : starts) {
                started.get(60, TimeUnit.SECONDS); // throws if an instance failed to create the schema
            }
            try (Connection connection = instances.get(0).getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("select count(*) from rpt_events")) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        } finally {
            instances.forEach(dataSource -> ((HikariDataSource) dataSource).close());
        }
    }

    @org.junit.jupiter.api.Test
    void theOftenUpdatedTablesLeaveRoomOnTheirPages() throws Exception {
        assumeTrue(TestDatabase.usesPostgres(), "fillfactor is PostgreSQL's");
        try (HikariDataSource dataSource = TestDatabase.fresh("fillfactor").dataSource()) {
            ProjectionSchema.create(dataSource);
            ProjectionSchema.create(dataSource); // a restart sets it again without complaint
            try (Connection connection = dataSource.getConnection()) {
                for (String table : List.of("rpt_holdings", "rpt_batches")) {
                    try (ResultSet rows = connection.createStatement().executeQuery(
                            "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '" + table + "'::regclass")) {
                        rows.next();
                        assertThat(rows.getString(1)).as(table).isEqualTo("fillfactor=70");
                    }
                }
            }
        }
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
