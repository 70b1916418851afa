package org.carbonregistry.reporting.personaldata;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.projection.JdbcProjectionStore;
import org.carbonregistry.reporting.projection.ProjectionIngest;
import org.carbonregistry.reporting.projection.ProjectionSchema;
import org.carbonregistry.reporting.retirement.RetirementQueries;
import org.carbonregistry.reporting.retirement.RetirementView;
import org.carbonregistry.reporting.testing.SyntheticRegistry;
import org.carbonregistry.reporting.testing.TableDump;
import org.carbonregistry.reporting.testing.TestDatabase;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Personal data and its retirement arrive on two topics in either order; only text that opens the retirement's
 * commitments is ever shown, and erasure (tombstone or PersonalDataErased) leaves only the mark. Through the ingest
 * code the consumer uses, on an in-memory database.
 */
class PersonalDataArrivalTest {

    private final SyntheticRegistry registry = new SyntheticRegistry();
    private ProjectionIngest events;
    private PersonalDataIngest personalData;
    private PersonalDataCounters counters;
    private RetirementQueries retirements;
    private JdbcTemplate jdbc;

    @BeforeEach
    void freshProjection() {
        DataSource dataSource = TestDatabase.fresh("personal-data").dataSource();
        ProjectionSchema.create(dataSource);
        jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        counters = new PersonalDataCounters(meters);
        PersonalDataStore store = new PersonalDataStore(jdbc);
        events = new ProjectionIngest(new JdbcProjectionStore(jdbc), transactions, "registry.events",
                TestKeys::registryVerifier, store, counters, meters);
        personalData = new PersonalDataIngest(store, transactions, counters);
        retirements = new RetirementQueries(jdbc);
        events.ingest(List.of(
                registry.openAccount("corp", AccountType.CORPORATE, "DE"),
                registry.issue("b1", "p1", Standard.VCS, "BR", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, 2023, 100,
                        "corp", false)));
    }

    private ConsumedRecord retire(String retirementId, String beneficiary) {
        return registry.retire("b1", retirementId, "corp", 10, beneficiary, 2024);
    }

    private RetirementView view(String retirementId) {
        return retirements.find(retirementId).orElseThrow();
    }

    @Test
    void personalDataAfterItsRetirementIsShownOnceItOpensTheCommitments() {
        events.ingest(List.of(retire("r1", "ACME Corp")));
        assertThat(view("r1").personalData()).isEqualTo(RetirementView.PERSONAL_DATA_PENDING);
        assertThat(view("r1").beneficiary()).isNull();

        assertThat(personalData.ingest(List.of(registry.personalDataRecord("r1"))))
                .containsExactly(PersonalDataOutcome.VERIFIED);

        RetirementView shown = view("r1");
        assertThat(shown.beneficiary()).isEqualTo("ACME Corp");
        assertThat(shown.purpose()).isEqualTo("2024 voluntary claim");
        assertThat(shown.beneficiarySalt()).isEqualTo(registry.personalData("r1").beneficiarySalt());
        assertThat(shown.erased()).isFalse();
    }

    @Test
    void personalDataBeforeItsRetirementIsKeptAndCheckedWhenTheRetirementArrives() {
        ConsumedRecord retirement = retire("r1", "ACME Corp");
        assertThat(personalData.ingest(List.of(registry.personalDataRecord("r1"))))
                .containsExactly(PersonalDataOutcome.PENDING);

        events.ingest(List.of(retirement));

        assertThat(view("r1").beneficiary()).isEqualTo("ACME Corp");
        assertThat(counters.count(PersonalDataOutcome.VERIFIED)).isEqualTo(1);
    }

    @Test
    void personalDataThatDoesNotOpenTheCommitmentsIsIgnoredAndCounted() {
        events.ingest(List.of(retire("r1", "ACME Corp")));
        RetirementPersonalData real = registry.personalData("r1");
        RetirementPersonalData forged = new RetirementPersonalData("r1", "Mallory Ltd", real.purpose(),
                real.beneficiarySalt(), real.purposeSalt());

        assertThat(personalData.ingest(List.of(registry.personalDataRecord("r1", forged.toJson()))))
                .containsExactly(PersonalDataOutcome.REJECTED);

        assertThat(view("r1").beneficiary()).isNull();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_personal_data", Long.class)).isZero();
        assertThat(counters.count(PersonalDataOutcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void earlyPersonalDataThatTurnsOutNotToOpenTheCommitmentsIsDroppedAndCounted() {
        ConsumedRecord retirement = retire("r1", "ACME Corp");
        RetirementPersonalData other = RetirementPersonalData.withNewSalts("r1", "ACME Corp", "2024 voluntary claim");
        personalData.ingest(List.of(registry.personalDataRecord("r1", other.toJson())));

        events.ingest(List.of(retirement));

        assertThat(view("r1").beneficiary()).isNull();
        assertThat(view("r1").personalData()).isEqualTo(RetirementView.PERSONAL_DATA_PENDING);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM rpt_personal_data", Long.class)).isZero();
        assertThat(counters.count(PersonalDataOutcome.REJECTED)).isEqualTo(1);
    }

    @Test
    void aTombstoneErasesTextAndSaltsAndLeavesTheMark() {
        events.ingest(List.of(retire("r1", "ACME Corp")));
        personalData.ingest(List.of(registry.personalDataRecord("r1")));

        assertThat(personalData.ingest(List.of(registry.personalDataRecord("r1", null))))
                .containsExactly(PersonalDataOutcome.ERASED);

        RetirementView erased = view("r1");
        assertThat(erased.erased()).isTrue();
        assertThat(erased.beneficiary()).isNull();
        assertThat(erased.purpose()).isNull();
        assertThat(erased.beneficiarySalt()).isNull();
        assertThat(erased.beneficiaryCommitment()).isEqualTo(registry.personalData("r1").beneficiaryCommitment());
        assertThat(TableDump.of(jdbc).toString()).doesNotContain("ACME Corp", registry.personalData("r1").beneficiarySalt());
    }

    @Test
    void personalDataErasedOnTheLogErasesTooAndAnOldCopyCannotBringTheTextBack() {
        events.ingest(List.of(retire("r1", "ACME Corp")));
        personalData.ingest(List.of(registry.personalDataRecord("r1")));

        events.ingest(List.of(registry.erase("b1", "r1")));

        assertThat(view("r1").erased()).isTrue();
        assertThat(personalData.ingest(List.of(registry.personalDataRecord("r1"))))
                .containsExactly(PersonalDataOutcome.AFTER_ERASURE);
        assertThat(view("r1").beneficiary()).isNull();
        assertThat(TableDump.of(jdbc).toString()).doesNotContain("ACME Corp");
    }
}
