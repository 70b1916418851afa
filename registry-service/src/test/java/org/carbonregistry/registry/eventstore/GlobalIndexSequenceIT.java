package org.carbonregistry.registry.eventstore;

import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Global indexes are drawn one at a time, in a new event store and in one created with Hibernate's blocks of 50. */
class GlobalIndexSequenceIT extends RunningRegistry {

    @Autowired
    DataSource dataSource;

    @Test
    void theEventStoresSequenceStepsByOne() throws Exception {
        newScene(10);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(GlobalIndexSequence.increment(connection)).isEqualTo(1L);
        }
    }

    @Test
    void anExistingSequenceSteppingBy50IsTurnedToSteppingBy1() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            boolean postgres = connection.getMetaData().getURL().startsWith("jdbc:postgresql:");
            String schema = "seq_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            DriverManagerDataSource older = postgres
                    ? new DriverManagerDataSource(connection.getMetaData().getURL() + (connection.getMetaData().getURL().contains("?") ? "&" : "?") + "currentSchema=" + schema,
                            connection.getMetaData().getUserName(), System.getenv().getOrDefault("REGISTRY_DB_PASSWORD", ""))
                    : new DriverManagerDataSource("jdbc:h2:mem:" + schema + ";DB_CLOSE_DELAY=-1", "sa", "");
            if (postgres) {
                execute(dataSource, "create schema " + schema);
            }
            try {
                execute(older, "create sequence domain_event_entry_seq start with 1 increment by 50");
                new GlobalIndexSequence(older).afterPropertiesSet();
                try (Connection check = older.getConnection()) {
                    assertThat(GlobalIndexSequence.increment(check)).isEqualTo(1L);
                }
                // An existing sequence left alone is fine too: the next start finds nothing to change.
                new GlobalIndexSequence(older).afterPropertiesSet();
            } finally {
                execute(postgres ? dataSource : older, postgres ? "drop schema " + schema + " cascade" : "shutdown");
            }
        }
    }

    private static void execute(DataSource target, String sql) throws Exception {
        try (Connection connection = target.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
