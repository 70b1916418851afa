package org.carbonregistry.registry.account;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.ClaimMade;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.events.ClaimedRetirement;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.batch.Retirements;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.carbonregistry.registry.account.PlanningRetirementsTest.ACME;
import static org.carbonregistry.registry.account.PlanningRetirementsTest.ACME_KEY;
import static org.carbonregistry.registry.account.PlanningRetirementsTest.ADMIN;
import static org.carbonregistry.registry.account.PlanningRetirementsTest.OPENED;
import static org.carbonregistry.registry.account.PlanningRetirementsTest.SALT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class MakingClaimsTest {

    private static final LocalDate START = LocalDate.parse("2025-01-01");
    private static final LocalDate END = LocalDate.parse("2025-12-31");
    private static final String STATEMENT = "Acme's 2025 scope 1 emissions are compensated";
    private static final Retirements.Retirement R1 = new Retirements.Retirement("ret-1", "batch-1", ACME, id(501), 100, null);
    private static final Retirements.Retirement R2 = new Retirements.Retirement("ret-2", "batch-2", ACME, id(502), 25, null);
    private static final Retirements.Retirement GLOBEX_RETIREMENT =
            new Retirements.Retirement("ret-9", "batch-1", "acc-globex", id(509), 7, null);
    private static final Retirements.Retirement FROM_INVALIDATED =
            new Retirements.Retirement("ret-7", "batch-7", ACME, id(507), 40, "verification withdrawn");
    private static final Map<String, Retirements.Retirement> RETIREMENTS =
            Map.of("ret-1", R1, "ret-2", R2, "ret-9", GLOBEX_RETIREMENT, "ret-7", FROM_INVALIDATED);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(new FixedStamps());
        fixture.registerInjectableResource((Retirements) id -> Optional.ofNullable(RETIREMENTS.get(id)));
    }

    private static MakeClaim claim(String claimId, List<String> retirementIds, Actor actor) {
        return new MakeClaim(ACME, claimId, ClaimType.COMPENSATION, START, END, STATEMENT, SALT, retirementIds, actor);
    }

    private static ClaimedRetirement backing(Retirements.Retirement r) {
        return new ClaimedRetirement(r.retirementId(), r.batchId(), r.eventId(), r.quantity());
    }

    private static ClaimMade made(String claimId, UUID eventId, Retirements.Retirement... retirements) {
        List<ClaimedRetirement> backing = java.util.Arrays.stream(retirements).map(MakingClaimsTest::backing).toList();
        return new ClaimMade(eventId, FixedStamps.NOW, ACME, claimId, ClaimType.COMPENSATION, START, END,
                Commitment.of(STATEMENT, SALT), backing, backing.stream().mapToLong(ClaimedRetirement::quantity).sum());
    }

    @Test
    void theAccountClaimsWithItsRetirementsAndTheTonnesAreTheirSum() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1", "ret-2"), ACME_KEY))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new ClaimReceipt("claim-1", 125, id(1)))
                .expectEvents(made("claim-1", id(1), R1, R2));
    }

    @Test
    void aRetirementBacksAtMostOneClaimAndTheRefusalNamesThatClaim() {
        fixture.given(OPENED, made("claim-1", id(900), R1))
                .when(claim("claim-2", List.of("ret-2", "ret-1"), ACME_KEY))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("retirement ret-1 already backs claim claim-1"))
                .expectNoEvents();
    }

    @Test
    void aRetirementNotYetClaimedCanBackALaterClaim() {
        fixture.given(OPENED, made("claim-1", id(900), R1))
                .when(claim("claim-2", List.of("ret-2"), ADMIN))
                .expectEvents(made("claim-2", id(1), R2));
    }

    @Test
    void anotherAccountsRetirementCannotBackTheClaim() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1", "ret-9"), ACME_KEY))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("retirement ret-9 was made by another account"))
                .expectNoEvents();
    }

    @Test
    void anUnknownRetirementCannotBackTheClaim() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-404"), ACME_KEY))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("retirement ret-404 does not exist"))
                .expectNoEvents();
    }

    @Test
    void aRetirementFromAnInvalidatedBatchCannotBackANewClaim() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1", "ret-7"), ACME_KEY))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("retirement ret-7 is from batch batch-7, which was invalidated"
                        + " (verification withdrawn): a claim must rest on credits of a valid batch"))
                .expectNoEvents();
    }

    @Test
    void aRetirementListedTwiceIsRefused() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1", "ret-1"), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("lists retirement ret-1 twice"))
                .expectNoEvents();
    }

    @Test
    void aClaimNeedsOneTo200Retirements() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of(), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("retirementIds must name 1 to 200 retirements"))
                .expectNoEvents();
        fixture.given(OPENED)
                .when(claim("claim-1", Collections.nCopies(201, "ret-1"), ACME_KEY))
                .expectException(refused(INVALID))
                .expectNoEvents();
    }

    @Test
    void anotherAccountsKeyCannotClaimForThisAccount() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1"), new Actor("acc-globex", Role.ACCOUNT_HOLDER)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAuditorCannotClaim() {
        fixture.given(OPENED)
                .when(claim("claim-1", List.of("ret-1"), new Actor("acc-auditor", Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void aClaimNeedsATypeAPeriodInOrderAndAStatement() {
        fixture.given(OPENED)
                .when(new MakeClaim(ACME, "claim-1", null, START, END, STATEMENT, SALT, List.of("ret-1"), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("type must be one of"))
                .expectNoEvents();
        fixture.given(OPENED)
                .when(new MakeClaim(ACME, "claim-1", ClaimType.NEUTRALITY, END, START, STATEMENT, SALT, List.of("ret-1"), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("periodEnd 2025-01-01 is before periodStart 2025-12-31"))
                .expectNoEvents();
        fixture.given(OPENED)
                .when(new MakeClaim(ACME, "claim-1", ClaimType.NEUTRALITY, START, END, " ", SALT, List.of("ret-1"), ACME_KEY))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("statement is required"))
                .expectNoEvents();
    }

    @Test
    void aClaimIdIsUsedOnce() {
        fixture.given(OPENED, made("claim-1", id(900), R1))
                .when(claim("claim-1", List.of("ret-2"), ACME_KEY))
                .expectException(refused(CONFLICT))
                .expectNoEvents();
    }
}
