package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.AuthorizationChanged;
import org.carbonregistry.events.CorrespondingAdjustmentApplied;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.events.Article6Authorization.AUTHORIZED_NDC;
import static org.carbonregistry.events.Article6Authorization.AUTHORIZED_OIMP;
import static org.carbonregistry.events.Article6Authorization.NOT_AUTHORIZED;
import static org.carbonregistry.events.CorrespondingAdjustmentStatus.APPLIED;
import static org.carbonregistry.events.CorrespondingAdjustmentStatus.NONE;
import static org.carbonregistry.events.CorrespondingAdjustmentStatus.PENDING;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.EARLIER;
import static org.carbonregistry.registry.batch.Batches.PROJECT;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_END;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_START;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.earlier;
import static org.carbonregistry.registry.batch.Batches.frozen;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.unfrozen;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

/** Article 6 on a batch: set at issuance, changed only by an administrator's authorisation and adjustment events. */
class Article6Test {

    private static final Article6 NDC = new Article6(AUTHORIZED_NDC, "LoA-BR-2026-7", "BR", PENDING);

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    private static IssueCredits issue(boolean flag, Article6 article6) {
        return new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, List.of(), flag, ADMIN,
                article6);
    }

    private static CreditsIssued issuedEvent(boolean flag, Article6 article6) {
        return new CreditsIssued(id(1), FixedStamps.NOW, BATCH, PROJECT, Standard.VCS, "BR", ProjectCategory.REMOVAL,
                RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, SERIAL_PREFIX,
                List.of(block(1, 1000)), List.of(), flag, BenefitType.PERMANENT_REMOVAL, null, article6, null);
    }

    /** The batch as issued with Article 6 fields. */
    private static CreditsIssued issuedAuthorised(Article6 article6) {
        CreditsIssued plain = issued(1000);
        return new CreditsIssued(plain.eventId(), plain.occurredAt(), BATCH, PROJECT, plain.standard(),
                plain.projectCountry(), plain.category(), plain.removalSink(), VINTAGE_START, VINTAGE_END, 1000,
                DEVELOPER, SERIAL_PREFIX, plain.serialBlocks(), plain.labels(), article6.authorized(),
                plain.benefitType(), plain.expiresOn(), article6, null);
    }

    private static ChangeAuthorization authorise(Article6Authorization authorization, String id, String party,
                                                 Actor actor) {
        return new ChangeAuthorization(BATCH, authorization, id, party, "letter of authorisation", actor);
    }

    private static ApplyCorrespondingAdjustment apply(CorrespondingAdjustmentStatus status, Actor actor) {
        return new ApplyCorrespondingAdjustment(BATCH, status, "BR initial report 2026", actor);
    }

    private static CorrespondingAdjustmentApplied applied(long n) {
        return new CorrespondingAdjustmentApplied(earlier(n), EARLIER, BATCH, "BR initial report 2026");
    }

    @Test
    void anIssuanceRecordsItsArticle6Fields() {
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(AUTHORIZED_NDC, "LoA-BR-2026-7", "BR", null)))
                .expectEvents(issuedEvent(true, NDC));
    }

    @Test
    void theHostPartyDefaultsToTheProjectCountry() {
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(AUTHORIZED_NDC, "LoA-BR-2026-7", null, PENDING)))
                .expectEvents(issuedEvent(true, NDC));
    }

    @Test
    void theOldBooleanAloneIsAnAuthorisationForOtherPurposesWithTheAdjustmentApplied() {
        fixture.givenNoPriorActivity()
                .when(issue(true, null))
                .expectEvents(issuedEvent(true, null));
        // and the event reads so
        assertThat(Article6.of(issuedEvent(true, null))).isEqualTo(new Article6(AUTHORIZED_OIMP, null, "BR", APPLIED));
    }

    @Test
    void unitsWhoseAdjustmentIsAlreadyAppliedAreIssuedSo() {
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(AUTHORIZED_NDC, "LoA-BR-2026-7", "BR", APPLIED)))
                .expectEvents(issuedEvent(true, NDC.applied()));
    }

    @Test
    void authorisedUnitsNeedAnAdjustmentAndOthersHaveNone() {
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(AUTHORIZED_OIMP, null, "BR", NONE)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("contradicts authorization AUTHORIZED_OIMP"))
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(NOT_AUTHORIZED, null, null, APPLIED)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("contradicts authorization NOT_AUTHORIZED"))
                .expectNoEvents();
    }

    @Test
    void theOldBooleanMustNotContradictTheArticle6Object() {
        fixture.givenNoPriorActivity()
                .when(issue(true, new Article6(NOT_AUTHORIZED, null, null, null)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("correspondingAdjustment: true contradicts"))
                .expectNoEvents();
    }

    @Test
    void theHostPartyIsACountryCode() {
        fixture.givenNoPriorActivity()
                .when(issue(false, new Article6(AUTHORIZED_NDC, "LoA", "Brazil", null)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("hostParty must be an ISO 3166-1 alpha-2 country code"))
                .expectNoEvents();
    }

    @Test
    void anAdministratorAuthorisesABatch() {
        fixture.given(issued(1000))
                .when(authorise(AUTHORIZED_NDC, "LoA-BR-2026-7", "BR", ADMIN))
                .expectEvents(new AuthorizationChanged(id(1), FixedStamps.NOW, BATCH, AUTHORIZED_NDC, "LoA-BR-2026-7",
                        "BR", PENDING, "letter of authorisation"))
                .expectResultMessagePayload(new Article6Changed(BATCH, id(1), NDC));
    }

    @Test
    void aWithdrawnAuthorisationLeavesNoAdjustment() {
        fixture.given(issuedAuthorised(NDC))
                .when(authorise(NOT_AUTHORIZED, null, null, ADMIN))
                .expectEvents(new AuthorizationChanged(id(1), FixedStamps.NOW, BATCH, NOT_AUTHORIZED, null, null, NONE,
                        "letter of authorisation"))
                .expectResultMessagePayload(new Article6Changed(BATCH, id(1), Article6.NOT_AUTHORIZED));
    }

    @Test
    void theSameAuthorisationTwiceIsAConflict() {
        fixture.given(issuedAuthorised(NDC))
                .when(authorise(AUTHORIZED_NDC, "LoA-BR-2026-7", "BR", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("already AUTHORIZED_NDC"))
                .expectNoEvents();
    }

    @Test
    void anAuthorisationNamesWhatItAuthorises() {
        fixture.given(issued(1000))
                .when(authorise(null, null, null, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("authorization is required"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR", "SERVICE"})
    void onlyAnAdministratorChangesTheAuthorisation(Role role) {
        fixture.given(issued(1000))
                .when(authorise(AUTHORIZED_OIMP, "LoA", "BR", new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may change the Article 6"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR", "SERVICE"})
    void onlyAnAdministratorRecordsAnAdjustment(Role role) {
        fixture.given(issuedAuthorised(NDC))
                .when(apply(APPLIED, new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may record corresponding"))
                .expectNoEvents();
    }

    @Test
    void anAdministratorRecordsTheAppliedAdjustment() {
        fixture.given(issuedAuthorised(NDC))
                .when(apply(APPLIED, ADMIN))
                .expectEvents(new CorrespondingAdjustmentApplied(id(1), FixedStamps.NOW, BATCH, "BR initial report 2026"))
                .expectResultMessagePayload(new Article6Changed(BATCH, id(1), NDC.applied()));
    }

    @Test
    void anAppliedAdjustmentNeverGoesBackToPending() {
        fixture.given(issuedAuthorised(NDC), applied(1))
                .when(apply(PENDING, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("APPLIED, which is final: it cannot go back to PENDING"))
                .expectNoEvents();
    }

    @Test
    void anAdjustmentIsAppliedOnce() {
        fixture.given(issuedAuthorised(NDC), applied(1))
                .when(apply(APPLIED, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("already APPLIED"))
                .expectNoEvents();
    }

    @Test
    void unitsNotAuthorisedHaveNoAdjustmentToApply() {
        fixture.given(issued(1000))
                .when(apply(APPLIED, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("NOT_AUTHORIZED under Article 6: there is no corresponding"))
                .expectNoEvents();
    }

    @Test
    void pendingFollowsFromTheAuthorisationAndIsNotSetByHand() {
        fixture.given(issued(1000))
                .when(apply(PENDING, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("PENDING follows from the authorisation"))
                .expectNoEvents();
    }

    @Test
    void anAdjustmentNamesItsStatus() {
        fixture.given(issuedAuthorised(NDC))
                .when(apply(null, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("status is required"))
                .expectNoEvents();
    }

    @Test
    void anAdjustmentNamesWhereItWasApplied() {
        fixture.given(issuedAuthorised(NDC))
                .when(new ApplyCorrespondingAdjustment(BATCH, APPLIED, " ", ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reference is required"))
                .expectNoEvents();
    }

    @Test
    void theAuthorisationIsFinalOnceTheAdjustmentIsApplied() {
        fixture.given(issuedAuthorised(NDC), applied(1))
                .when(authorise(NOT_AUTHORIZED, null, null, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("the authorisation can no longer change"))
                .expectNoEvents();
    }

    @Test
    void aFrozenBatchKeepsItsArticle6State() {
        fixture.given(issued(1000), frozen(1))
                .when(authorise(AUTHORIZED_NDC, "LoA", "BR", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is frozen: its Article 6 authorisation cannot change"))
                .expectNoEvents();
        fixture.given(issuedAuthorised(NDC), frozen(1))
                .when(apply(APPLIED, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("is frozen: its corresponding adjustment cannot change"))
                .expectNoEvents();
    }

    @Test
    void anUnfrozenBatchCanBeAdjustedAgain() {
        fixture.given(issuedAuthorised(NDC), frozen(1), unfrozen(2))
                .when(apply(APPLIED, ADMIN))
                .expectEvents(new CorrespondingAdjustmentApplied(id(1), FixedStamps.NOW, BATCH, "BR initial report 2026"));
    }

    @Test
    void anUnknownBatchHasNoArticle6State() {
        fixture.givenNoPriorActivity()
                .when(authorise(AUTHORIZED_NDC, "LoA", "BR", ADMIN))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
        fixture.givenNoPriorActivity()
                .when(apply(APPLIED, ADMIN))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void theFirstTransferAcrossJurisdictionsOfAnAuthorisedBatchIsFlagged() {
        // DEVELOPER is in BR, BUYER in DE
        fixture.given(issuedAuthorised(NDC))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, DEVELOPER, BUYER, 10,
                        List.of(block(1, 10)), true));
    }

    @Test
    void onlyTheFirstInternationalTransferIsFlagged() {
        fixture.given(issuedAuthorised(NDC), new CreditsTransferred(earlier(1), EARLIER, BATCH, DEVELOPER, BUYER, 10,
                        List.of(block(1, 10)), true))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 5, holderOf(BUYER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, BUYER, AIRLINE, 5,
                        List.of(block(1, 5))));
    }

    @Test
    void aTransferWithinOneJurisdictionIsNotInternational() {
        var fixture = new AggregateTestFixture<>(CreditBatch.class);
        fixture.registerInjectableResource(Batches.directory()
                .add(new AccountEntry("acc-local", "Compradora Ltda", AccountType.CORPORATE, "BR")));
        fixture.registerInjectableResource(new TestLabels());
        fixture.registerInjectableResource(new CountingSerialNumbers());
        fixture.registerInjectableResource(new FixedStamps());
        fixture.given(issuedAuthorised(NDC))
                .when(new TransferCredits(BATCH, DEVELOPER, "acc-local", 10, holderOf(DEVELOPER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, DEVELOPER, "acc-local", 10,
                        List.of(block(1, 10))));
    }

    @Test
    void transfersOfBatchesNotAuthorisedAreNotFlagged() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, DEVELOPER, BUYER, 10,
                        List.of(block(1, 10))));
    }
}
