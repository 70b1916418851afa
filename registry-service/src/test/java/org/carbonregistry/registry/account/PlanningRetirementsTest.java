package org.carbonregistry.registry.account;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.RetirementPlanWithdrawn;
import org.carbonregistry.events.RetirementPlanned;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.NOT_FOUND;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class PlanningRetirementsTest {

    static final String ACME = "acc-acme";
    static final Actor ACME_KEY = new Actor(ACME, Role.ACCOUNT_HOLDER);
    static final Actor ADMIN = new Actor("acc-registry", Role.REGISTRY_ADMIN);
    static final AccountOpened OPENED = new AccountOpened(id(100), FixedStamps.NOW, ACME, "Acme Steel AG",
            AccountType.CORPORATE, "DE");
    static final String SALT = Commitment.encodeSalt(new byte[32]);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(new FixedStamps());
    }

    private static PlanRetirement plan(String planId, long quantity, Integer year, Boolean contracts, String note, Actor actor) {
        return new PlanRetirement(ACME, planId, quantity, year, contracts, note, SALT, actor);
    }

    private static RetirementPlanned planned(String planId, long quantity, int year, boolean contracts, String noteCommitment) {
        return new RetirementPlanned(id(1), FixedStamps.NOW, ACME, planId, quantity, year, contracts, noteCommitment);
    }

    @Test
    void theAccountHolderPlansARetirementAndOnlyACommitmentToItsNoteGoesOnTheLog() {
        fixture.given(OPENED)
                .when(plan("plan-1", 500, 2027, true, "forward contract with Jane Doe", ACME_KEY))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload("plan-1")
                .expectEvents(planned("plan-1", 500, 2027, true, Commitment.of("forward contract with Jane Doe", SALT)));
    }

    @Test
    void aPlanWithoutNoteCarriesNoCommitment() {
        fixture.given(OPENED)
                .when(plan("plan-1", 20, 2026, false, "  ", ADMIN))
                .expectEvents(planned("plan-1", 20, 2026, false, null));
    }

    @Test
    void anotherAccountsKeyCannotPlanForThisAccount() {
        fixture.given(OPENED)
                .when(plan("plan-1", 20, 2027, true, null, new Actor("acc-globex", Role.ACCOUNT_HOLDER)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAuditorCannotPlan() {
        fixture.given(OPENED)
                .when(plan("plan-1", 20, 2027, true, null, new Actor(ACME, Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, 1_000_000_001L})
    void theQuantityMustBeWholeTonnesInRange(long quantity) {
        fixture.given(OPENED)
                .when(plan("plan-1", quantity, 2027, true, null, ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("quantity must be"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(ints = {2025, 2057})
    void thePlannedYearIsThisYearOrOneOfTheNextThirty(int year) {
        fixture.given(OPENED)
                .when(plan("plan-1", 10, year, true, null, ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("plannedYear must be from 2026 to 2056, was " + year))
                .expectNoEvents();
    }

    @Test
    void aPlanSaysWhetherItRestsOnExistingContracts() {
        fixture.given(OPENED)
                .when(plan("plan-1", 10, 2027, null, null, ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("basedOnExistingContracts"))
                .expectNoEvents();
    }

    @Test
    void aNoteOfMoreThan1000CharactersIsRefused() {
        fixture.given(OPENED)
                .when(plan("plan-1", 10, 2027, true, "n".repeat(1001), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("note must be at most 1000 characters"))
                .expectNoEvents();
    }

    @Test
    void aNoteNeedsAProperSalt() {
        fixture.given(OPENED)
                .when(new PlanRetirement(ACME, "plan-1", 10, 2027, true, "a note", "not-a-salt", ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("noteSalt"))
                .expectNoEvents();
    }

    @Test
    void aPlanIdIsUsedOnce() {
        fixture.given(OPENED, planned("plan-1", 10, 2027, true, null))
                .when(plan("plan-1", 10, 2027, true, null, ACME_KEY))
                .expectException(refused(CONFLICT))
                .expectNoEvents();
    }

    @Test
    void theAccountHolderWithdrawsItsPlan() {
        fixture.given(OPENED, planned("plan-1", 10, 2027, true, null))
                .when(new WithdrawRetirementPlan(ACME, "plan-1", ACME_KEY))
                .expectEvents(new RetirementPlanWithdrawn(id(1), FixedStamps.NOW, ACME, "plan-1"));
    }

    @Test
    void anUnknownPlanCannotBeWithdrawn() {
        fixture.given(OPENED)
                .when(new WithdrawRetirementPlan(ACME, "plan-9", ACME_KEY))
                .expectException(refused(NOT_FOUND))
                .expectExceptionMessage(containsString("account acc-acme has no retirement plan plan-9"))
                .expectNoEvents();
    }

    @Test
    void aPlanIsWithdrawnOnce() {
        fixture.given(OPENED, planned("plan-1", 10, 2027, true, null),
                        new RetirementPlanWithdrawn(id(2), FixedStamps.NOW, ACME, "plan-1"))
                .when(new WithdrawRetirementPlan(ACME, "plan-1", ACME_KEY))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("withdrawn already"))
                .expectNoEvents();
    }

    @Test
    void anotherAccountsKeyCannotWithdrawThePlan() {
        fixture.given(OPENED, planned("plan-1", 10, 2027, true, null))
                .when(new WithdrawRetirementPlan(ACME, "plan-1", new Actor("acc-globex", Role.ACCOUNT_HOLDER)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }
}
