package org.carbonregistry.registry.eventstore;

import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class H2LockTimeoutIT extends RunningRegistry {

    @Autowired
    DataSource dataSource;

    @Test
    void everyH2ConnectionWaitsTenSecondsForARowLock() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue(connection.getMetaData().getURL().startsWith("jdbc:h2:"), "only H2 gives up after one second");
            try (ResultSet lockTimeout = connection.createStatement().executeQuery("select lock_timeout()")) {
                lockTimeout.next();
                assertThat(lockTimeout.getLong(1)).isEqualTo(10_000);
            }
        }
    }
}
