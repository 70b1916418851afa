package org.carbonregistry.registry.eventstore;

import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** What registry-service changes about the defaults of H2 and of PostgreSQL's driver; each test on its database only. */
class DatabaseSettingsIT extends RunningRegistry {

    @Autowired
    DataSource dataSource;

    @Test
    void everyPostgresConnectionSendsABatchOfInsertsAsOneStatement() throws Exception {
        assumeDatabase("jdbc:postgresql:");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.unwrap(BaseConnection.class).getQueryExecutor().isReWriteBatchedInsertsEnabled())
                    .as("reWriteBatchedInserts").isTrue();
        }
    }

    @Test
    void everyH2ConnectionWaitsTenSecondsForARowLock() throws Exception {
        assumeDatabase("jdbc:h2:");
        assertThat(query("select lock_timeout()")).isEqualTo("10000");
    }

    @Test
    void everyH2SessionCachesEnoughStatementsForACommand() throws Exception {
        assumeDatabase("jdbc:h2:");
        assertThat(query("select setting_value from information_schema.settings"
                + " where setting_name = 'QUERY_CACHE_SIZE'")).isEqualTo("128");
    }

    @Test
    void enumsAreStoredAsTextNotAsH2Enums() throws Exception {
        assumeDatabase("jdbc:h2:");
        newScene(10);
        assertThat(query("select data_type from information_schema.columns"
                + " where table_name = 'BATCH_VIEW' and column_name = 'CATEGORY'")).isEqualTo("CHARACTER VARYING");
        assertThat(query("select count(*) from information_schema.columns where data_type = 'ENUM'")).isEqualTo("0");
        assertThat(query("select category from batch_view fetch first row only")).isIn("REDUCTION", "REMOVAL");
    }

    @Test
    void axonsPayloadsAndTokensAreVarbinaryNotH2Lobs() throws Exception {
        assumeDatabase("jdbc:h2:");
        newScene(10);
        assertThat(query("select data_type from information_schema.columns"
                + " where table_name = 'DOMAIN_EVENT_ENTRY' and column_name = 'PAYLOAD'")).isEqualTo("BINARY VARYING");
        assertThat(query("select count(*) from information_schema.columns"
                + " where data_type in ('BINARY LARGE OBJECT', 'CHARACTER LARGE OBJECT')")).isEqualTo("0");
        assertThat(query("select count(*) from token_entry where token is not null")).isNotEqualTo("0");
    }

    private void assumeDatabase(String urlPrefix) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue(connection.getMetaData().getURL().startsWith(urlPrefix), "settings of " + urlPrefix);
        }
    }

    private String query(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection();
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }
}
