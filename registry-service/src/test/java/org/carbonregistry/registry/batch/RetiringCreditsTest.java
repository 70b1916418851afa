package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Quantities;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.carbonregistry.registry.batch.Batches.BENEFICIARY_SALT;
import static org.carbonregistry.registry.batch.Batches.PURPOSE_SALT;
import static org.carbonregistry.registry.batch.Batches.committed;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.retired;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class RetiringCreditsTest {

    private static final String BENEFICIARY = "Acme Steel AG";
    private static final String PURPOSE = "Offsetting 2025 scope 1 emissions";

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    /** The buyer (jurisdiction DE) retires {@code quantity} of the 300 credits it received. */
    private static RetireCredits buyerRetires(long quantity) {
        return new RetireCredits(BATCH, BUYER, quantity, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, holderOf(BUYER));
    }

    private static RetireCredits buyerRetires(int reportingYear, String jurisdiction) {
        return new RetireCredits(BATCH, BUYER, 50, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, reportingYear, jurisdiction,
                holderOf(BUYER));
    }

    private static RetireCredits buyerRetiresFor(String beneficiary, String purpose) {
        return new RetireCredits(BATCH, BUYER, 50, beneficiary, purpose, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, holderOf(BUYER));
    }

    /** The event's id is the first stamp, the retirement's id the second. */
    private static CreditsRetired retirement(long quantity, int reportingYear, String jurisdiction,
                                             SerialBlock... blocks) {
        return new CreditsRetired(id(1), FixedStamps.NOW, BATCH, id(2).toString(), BUYER, quantity, List.of(blocks), committed(BENEFICIARY, BENEFICIARY_SALT), committed(PURPOSE, PURPOSE_SALT), reportingYear, jurisdiction);
    }

    private TestExecutor<CreditBatch> givenTheBuyerHolds300() {
        return fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)));
    }

    @Test
    void aHolderRetiresItsLowestSerialsInItsOwnJurisdiction() {
        givenTheBuyerHolds300()
                .when(buyerRetires(50))
                .expectSuccessfulHandlerExecution()
                .expectEvents(retirement(50, 2025, "DE", block(1, 50)))
                .expectResultMessagePayload(new CreditsMoved(BATCH, id(1), SERIAL_PREFIX, List.of(block(1, 50)),
                        id(2).toString()));
    }

    @Test
    void theEventCarriesOnlyCommitmentsThatTheTextAndSaltsOpen() {
        givenTheBuyerHolds300()
                .when(buyerRetires(50))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.axonframework.test.matchers.Matchers.matches((CreditsRetired retired) ->
                                        Commitment.opens(retired.beneficiaryCommitment(), BENEFICIARY, BENEFICIARY_SALT)
                                                && Commitment.opens(retired.purposeCommitment(), PURPOSE, PURPOSE_SALT)
                                                && !Commitment.opens(retired.beneficiaryCommitment(), "Someone else",
                                                BENEFICIARY_SALT)),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "not base64!", "c2hvcnQ="})
    void aCommitmentNeedsA32ByteSalt(String salt) {
        givenTheBuyerHolds300()
                .when(new RetireCredits(BATCH, BUYER, 50, BENEFICIARY, PURPOSE, salt, PURPOSE_SALT, 2025, null,
                        holderOf(BUYER)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("beneficiarySalt must be 32 random bytes in base64"))
                .expectNoEvents();
    }

    @Test
    void anExplicitJurisdictionIsUsedInsteadOfTheAccounts() {
        givenTheBuyerHolds300()
                .when(buyerRetires(2025, "FR"))
                .expectEvents(retirement(50, 2025, "FR", block(1, 50)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fr", "FRA", "XX"})
    void anExplicitJurisdictionMustBeAnIsoCountryCode(String jurisdiction) {
        givenTheBuyerHolds300()
                .when(buyerRetires(2025, jurisdiction))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("jurisdiction must be an ISO 3166-1 alpha-2 country code"))
                .expectNoEvents();
    }

    @Test
    void withoutAJurisdictionTheRetiringAccountMustExist() {
        givenTheBuyerHolds300()
                .when(new RetireCredits(BATCH, "acc-nobody", 1, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-nobody does not exist"))
                .expectNoEvents();
    }

    @Test
    void theReportingYearMayBe1990() {
        givenTheBuyerHolds300()
                .when(buyerRetires(1990, null))
                .expectEvents(retirement(50, 1990, "DE", block(1, 50)));
    }

    @Test
    void theReportingYearCannotBeBefore1990() {
        givenTheBuyerHolds300()
                .when(buyerRetires(1989, null))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reportingYear must be from 1990 to 2027, was 1989"))
                .expectNoEvents();
    }

    @Test
    void theReportingYearMayBeNextYear() {
        givenTheBuyerHolds300()
                .when(buyerRetires(2027, null))
                .expectEvents(retirement(50, 2027, "DE", block(1, 50)));
    }

    @Test
    void theReportingYearCannotBeLaterThanNextYear() {
        givenTheBuyerHolds300()
                .when(buyerRetires(2028, null))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reportingYear must be from 1990 to 2027, was 2028"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aRetirementNamesItsBeneficiary(String beneficiary) {
        givenTheBuyerHolds300()
                .when(buyerRetiresFor(beneficiary, PURPOSE))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("beneficiary is required"))
                .expectNoEvents();
    }

    @Test
    void aBeneficiaryIsAtMost200Characters() {
        givenTheBuyerHolds300()
                .when(buyerRetiresFor("B".repeat(201), PURPOSE))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("beneficiary must be at most 200 characters"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void aRetirementStatesItsPurpose(String purpose) {
        givenTheBuyerHolds300()
                .when(buyerRetiresFor(BENEFICIARY, purpose))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("purpose is required"))
                .expectNoEvents();
    }

    @Test
    void aPurposeIsAtMost500Characters() {
        givenTheBuyerHolds300()
                .when(buyerRetiresFor(BENEFICIARY, "P".repeat(501)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("purpose must be at most 500 characters"))
                .expectNoEvents();
    }

    @Test
    void noAccountRetiresMoreThanItHolds() {
        givenTheBuyerHolds300()
                .when(buyerRetires(301))
                .expectException(CommandRefused.class)
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("holds 300 credits of batch batch-1, fewer than the 301"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Quantities.MAX_TONNES + 1})
    void theQuantityIsAPositiveWholeNumberOfTonnes(long quantity) {
        givenTheBuyerHolds300()
                .when(buyerRetires(quantity))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("quantity must be a whole number of tonnes"))
                .expectNoEvents();
    }

    @Test
    void anAccountHolderRetiresOnlyItsOwnCredits() {
        givenTheBuyerHolds300()
                .when(new RetireCredits(BATCH, BUYER, 50, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, holderOf(AIRLINE)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString(
                        "the key of account acc-airline may not retire credits for account acc-buyer"))
                .expectNoEvents();
    }

    @Test
    void anAuditorKeyNeverRetires() {
        givenTheBuyerHolds300()
                .when(new RetireCredits(BATCH, BUYER, 50, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null,
                        new Actor(BUYER, Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAdministratorRetiresForAnyAccount() {
        givenTheBuyerHolds300()
                .when(new RetireCredits(BATCH, BUYER, 50, BENEFICIARY, PURPOSE, BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, ADMIN))
                .expectEvents(retirement(50, 2025, "DE", block(1, 50)));
    }

    @Test
    void retiredSerialsAreNeverTakenAgain() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)), retired(2, BUYER, block(1, 50)))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 10, holderOf(BUYER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, BUYER, AIRLINE, 10,
                        List.of(block(51, 60))));
    }

    @Test
    void afterRetiringEverythingNotEvenOneCreditMoves() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        retired(2, BUYER, block(1, 300)))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 1, holderOf(BUYER)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-buyer holds 0 credits"))
                .expectNoEvents();
    }

    @Test
    void retiredCreditsAreNotRetiredTwice() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        retired(2, BUYER, block(1, 300)))
                .when(buyerRetires(1))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-buyer holds 0 credits"))
                .expectNoEvents();
    }
}
