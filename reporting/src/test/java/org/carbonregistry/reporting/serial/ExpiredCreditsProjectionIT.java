package org.carbonregistry.reporting.serial;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionIngest;
import org.carbonregistry.reporting.projection.ProjectionSchema;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A temporary removal's {@code CreditsExpired} in the projection (H2, or PostgreSQL when REPORTING_DB_URL is set):
 * the holders' credits leave their holdings, the batch counts its expired tonnes, and each expired serial's history
 * ends with the expiry.
 */
class ExpiredCreditsProjectionIT {

    private static final LocalDate EXPIRES_ON = LocalDate.of(2024, 6, 1);

    @Test
    void expiredCreditsLeaveTheirHoldersAndEndTheirSerialsHistory() {
        try (HikariDataSource dataSource = TestDatabase.fresh("expired-credits").dataSource()) {
            ProjectionSchema.create(dataSource);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            var ingest = new ProjectionIngest(new JdbcProjectionStore(jdbc),
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)), "registry.events",
                    TestKeys::registryVerifier, new PersonalDataStore(jdbc), new PersonalDataCounters(meters), meters);
            var registry = new SyntheticRegistry(3, Instant.parse("2024-03-01T00:00:00Z"), Duration.ofMinutes(1));

            ingest.ingest(List.of(
                    registry.openAccount("dev", AccountType.PROJECT_DEVELOPER, "DE"),
                    registry.openAccount("corp", AccountType.CORPORATE, "DE"),
                    registry.registerProject("p-soil", Standard.PURO, "DE", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                            "Soil carbon", "dev"),
                    registry.issue("b-soil", "p-soil", Standard.PURO, "DE", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC,
                            2023, 100, "dev", false),
                    registry.transfer("b-soil", "dev", "corp", 40),
                    registry.retire("b-soil", "r-1", "corp", 10, "ACME", 2024),
                    registry.expire("b-soil", EXPIRES_ON)));

            assertThat(jdbc.queryForObject("SELECT expired FROM rpt_batches WHERE batch_id = 'b-soil'", Long.class))
                    .isEqualTo(90);
            assertThat(jdbc.queryForObject("SELECT retired FROM rpt_batches WHERE batch_id = 'b-soil'", Long.class))
                    .isEqualTo(10);
            assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM rpt_holdings WHERE batch_id = 'b-soil'",
                    Long.class)).as("nothing is held after the expiry").isZero();
            assertThat(jdbc.queryForList("SELECT account_id, quantity, serial_blocks FROM rpt_expirations"
                    + " WHERE batch_id = 'b-soil' ORDER BY account_id")) // the rows' keys ignore case
                    .extracting(row -> row.get("account_id") + " " + row.get("quantity") + " " + row.get("serial_blocks"))
                    .containsExactly("corp 30 11-40", "dev 60 41-100");

            var histories = new SerialQueries(jdbc);
            var movements = histories.movements("b-soil");
            assertThat(movements).filteredOn(m -> m.moves(50)).extracting(SerialQueries.Movement::type)
                    .containsExactly("CreditsIssued", "CreditsExpired");
            assertThat(movements).filteredOn(m -> m.moves(20)).extracting(SerialQueries.Movement::type)
                    .containsExactly("CreditsIssued", "CreditsTransferred", "CreditsExpired");
            assertThat(movements).filteredOn(m -> m.moves(5)).extracting(SerialQueries.Movement::type)
                    .containsExactly("CreditsIssued", "CreditsTransferred", "CreditsRetired");
        }
    }
}
