package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AUDITOR;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.EARLIER;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.erased;
import static org.carbonregistry.registry.batch.Batches.frozen;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.retired;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.NOT_FOUND;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class ErasingPersonalDataTest {

    /** {@link Batches#retired} names its retirement {@code retirement-<n>}. */
    private static final String RETIREMENT = "retirement-2";

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
        fixture.registerInjectableResource(new TestRetirementRecords().add(BATCH, RETIREMENT)
                .add("batch-2", "retirement-of-another-batch"));
    }

    private TestExecutor<CreditBatch> givenTheBuyerRetired50() {
        return fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                retired(2, BUYER, block(1, 50)));
    }

    @Test
    void anAdministratorErasesTheBeneficiaryAndPurposeOfARetirement() {
        givenTheBuyerRetired50()
                .when(new ErasePersonalData(BATCH, RETIREMENT, ADMIN))
                .expectEvents(new PersonalDataErased(id(1), FixedStamps.NOW, BATCH, RETIREMENT))
                .expectResultMessagePayload(new PersonalDataErasure(RETIREMENT, FixedStamps.NOW));
    }

    @Test
    void erasingAgainChangesNothingAndAnswersWithTheFirstErasure() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)), retired(2, BUYER, block(1, 50)),
                        erased(3, RETIREMENT))
                .when(new ErasePersonalData(BATCH, RETIREMENT, ADMIN))
                .expectNoEvents()
                .expectResultMessagePayload(new PersonalDataErasure(RETIREMENT, EARLIER));
    }

    @Test
    void onlyARetirementOfTheBatchCanBeErased() {
        givenTheBuyerRetired50()
                .when(new ErasePersonalData(BATCH, "retirement-of-another-batch", ADMIN))
                .expectException(refused(NOT_FOUND))
                .expectExceptionMessage(containsString("batch batch-1 has no retirement retirement-of-another-batch"))
                .expectNoEvents();
    }

    @Test
    void theRetiringAccountCannotEraseItself() {
        givenTheBuyerRetired50()
                .when(new ErasePersonalData(BATCH, RETIREMENT, holderOf(BUYER)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may erase personal data"))
                .expectNoEvents();
    }

    @Test
    void anAuditorCannotErase() {
        givenTheBuyerRetired50()
                .when(new ErasePersonalData(BATCH, RETIREMENT, new org.carbonregistry.registry.access.Actor(AUDITOR,
                        org.carbonregistry.registry.access.Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void aFrozenBatchStillErasesPersonalData() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)), retired(2, BUYER, block(1, 50)),
                        frozen(3))
                .when(new ErasePersonalData(BATCH, RETIREMENT, ADMIN))
                .expectEvents(new PersonalDataErased(id(1), FixedStamps.NOW, BATCH, RETIREMENT));
    }
}
