package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.messaging.annotation.MessageHandlerInvocationException;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BENEFICIARY_SALT;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.PURPOSE_SALT;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.cancelled;
import static org.carbonregistry.registry.batch.Batches.frozen;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.holding;
import static org.carbonregistry.registry.batch.Batches.invalidated;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.retired;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;

class InvalidatingBatchesTest {

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    @Test
    void invalidationCancelsEveryHoldingAndLeavesRetirementsRetired() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        transferred(2, DEVELOPER, AIRLINE, block(301, 400)), retired(3, BUYER, block(1, 50)),
                        cancelled(4, DEVELOPER, block(401, 410)), transferred(5, BUYER, DEVELOPER, block(51, 60)))
                .when(new InvalidateBatch(BATCH, "project verification withdrawn", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchInvalidated(id(1), FixedStamps.NOW, BATCH, "project verification withdrawn", 940,
                        List.of(holding(AIRLINE, block(301, 400)), holding(BUYER, block(61, 300)),
                                holding(DEVELOPER, block(51, 60), block(411, 1000)))))
                .expectResultMessagePayload(new BatchInvalidation(BATCH, id(1), SERIAL_PREFIX,
                        "project verification withdrawn", 940,
                        List.of(holding(AIRLINE, block(301, 400)), holding(BUYER, block(61, 300)),
                                holding(DEVELOPER, block(51, 60), block(411, 1000))), 1));
    }

    @Test
    void aFrozenBatchCanBeInvalidated() {
        fixture.given(issued(1000), frozen(1))
                .when(new InvalidateBatch(BATCH, "investigation confirmed double issuance", ADMIN))
                .expectEvents(new BatchInvalidated(id(1), FixedStamps.NOW, BATCH,
                        "investigation confirmed double issuance", 1000, List.of(holding(DEVELOPER, block(1, 1000)))));
    }

    @Test
    void aBatchWithNothingHeldIsInvalidatedWithNothingToCancel() {
        fixture.given(issued(100), retired(1, DEVELOPER, block(1, 100)))
                .when(new InvalidateBatch(BATCH, "methodology found unsound", ADMIN))
                .expectEvents(new BatchInvalidated(id(1), FixedStamps.NOW, BATCH, "methodology found unsound", 0,
                        List.of()))
                .expectResultMessagePayload(new BatchInvalidation(BATCH, id(1), SERIAL_PREFIX,
                        "methodology found unsound", 0, List.of(), 1));
    }

    @Test
    void aBatchIsInvalidatedOnce() {
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new InvalidateBatch(BATCH, "again", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is already invalidated"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR", "SERVICE"})
    void onlyAnAdministratorInvalidates(Role role) {
        fixture.given(issued(1000))
                .when(new InvalidateBatch(BATCH, "I do not like it", new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may invalidate batches"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void anInvalidationStatesItsReason(String reason) {
        fixture.given(issued(1000))
                .when(new InvalidateBatch(BATCH, reason, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason is required"))
                .expectNoEvents();
    }

    @Test
    void anInvalidationReasonIsAtMost500Characters() {
        fixture.given(issued(1000))
                .when(new InvalidateBatch(BATCH, "R".repeat(501), ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason must be at most 500 characters"))
                .expectNoEvents();
    }

    @Test
    void nothingIsTransferredFromAnInvalidatedBatch() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        invalidated(2, holding(BUYER, block(1, 300)), holding(DEVELOPER, block(301, 1000))))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 10, holderOf(BUYER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is invalidated: no credits of it can move"))
                .expectNoEvents();
    }

    @Test
    void nothingIsRetiredFromAnInvalidatedBatch() {
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new RetireCredits(BATCH, DEVELOPER, 10, "Mata Viva", "claim", BENEFICIARY_SALT, PURPOSE_SALT,
                        2025, null, holderOf(DEVELOPER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is invalidated"))
                .expectNoEvents();
    }

    @Test
    void nothingIsCancelledFromAnInvalidatedBatch() {
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new CancelCredits(BATCH, DEVELOPER, 10, "reversal", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is invalidated"))
                .expectNoEvents();
    }

    @Test
    void anInvalidatedBatchIsNeitherFrozenNorUnfrozen() {
        fixture.given(issued(1000), frozen(1), invalidated(2, holding(DEVELOPER, block(1, 1000))))
                .when(new UnfreezeBatch(BATCH, "trade again", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is invalidated"))
                .expectNoEvents();
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new FreezeBatch(BATCH, "freeze too", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is invalidated"))
                .expectNoEvents();
    }

    @Test
    void theArticle6StateOfAnInvalidatedBatchNoLongerChanges() {
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new ChangeAuthorization(BATCH, Article6Authorization.AUTHORIZED_NDC, "LOA-1", null,
                        "letter of authorisation", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString(
                        "batch batch-1 is invalidated: its Article 6 authorisation no longer changes"))
                .expectNoEvents();
        fixture.given(issued(1000), invalidated(1, holding(DEVELOPER, block(1, 1000))))
                .when(new ApplyCorrespondingAdjustment(BATCH, CorrespondingAdjustmentStatus.APPLIED, "BTR 2026", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString(
                        "batch batch-1 is invalidated: its corresponding adjustment no longer changes"))
                .expectNoEvents();
    }

    @Test
    void theRetiringCompanysPersonalDataCanStillBeErased() {
        fixture.registerInjectableResource(new TestRetirementRecords().add(BATCH, "retirement-1"));
        fixture.given(issued(1000), retired(1, DEVELOPER, block(1, 10)),
                        invalidated(2, holding(DEVELOPER, block(11, 1000))))
                .when(new ErasePersonalData(BATCH, "retirement-1", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PersonalDataErased(id(1), FixedStamps.NOW, BATCH,
                        "retirement-1"));
    }

    /** A history whose invalidation cancels serials the named account never held does not load. */
    @Test
    void anInvalidationOfCreditsNotHeldDoesNotLoad() {
        fixture.given(issued(1000), invalidated(1, holding(BUYER, block(1, 1000))))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, ADMIN))
                .expectException(allOf(instanceOf(MessageHandlerInvocationException.class), hasProperty("cause",
                        hasProperty("message", containsString("account acc-buyer holds nothing of this batch")))))
                .expectNoEvents();
    }
}
