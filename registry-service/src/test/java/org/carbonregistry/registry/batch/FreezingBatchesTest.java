package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.carbonregistry.registry.batch.Batches.BENEFICIARY_SALT;
import static org.carbonregistry.registry.batch.Batches.PURPOSE_SALT;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.frozen;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.batch.Batches.unfrozen;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class FreezingBatchesTest {

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    private static CreditsMoved statusChanged() {
        return new CreditsMoved(BATCH, id(1), SERIAL_PREFIX, List.of(), null);
    }

    @Test
    void anAdministratorFreezesABatch() {
        fixture.given(issued(1000))
                .when(new FreezeBatch(BATCH, "suspected double issuance", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchFrozen(id(1), FixedStamps.NOW, BATCH, "suspected double issuance"))
                .expectResultMessagePayload(statusChanged());
    }

    @Test
    void anAdministratorUnfreezesAFrozenBatch() {
        fixture.given(issued(1000), frozen(1))
                .when(new UnfreezeBatch(BATCH, "investigation closed", ADMIN))
                .expectEvents(new BatchUnfrozen(id(1), FixedStamps.NOW, BATCH, "investigation closed"))
                .expectResultMessagePayload(statusChanged());
    }

    @Test
    void aFrozenBatchCannotBeFrozenAgain() {
        fixture.given(issued(1000), frozen(1))
                .when(new FreezeBatch(BATCH, "again", ADMIN))
                .expectException(CommandRefused.class)
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is already frozen"))
                .expectNoEvents();
    }

    @Test
    void anActiveBatchCannotBeUnfrozen() {
        fixture.given(issued(1000))
                .when(new UnfreezeBatch(BATCH, "nothing to lift", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is not frozen"))
                .expectNoEvents();
    }

    @Test
    void anUnfrozenBatchCannotBeUnfrozenAgain() {
        fixture.given(issued(1000), frozen(1), unfrozen(2))
                .when(new UnfreezeBatch(BATCH, "again", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is not frozen"))
                .expectNoEvents();
    }

    @Test
    void anUnfrozenBatchCanBeFrozenAgain() {
        fixture.given(issued(1000), frozen(1), unfrozen(2))
                .when(new FreezeBatch(BATCH, "new evidence", ADMIN))
                .expectEvents(new BatchFrozen(id(1), FixedStamps.NOW, BATCH, "new evidence"));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR"})
    void onlyAnAdministratorFreezes(Role role) {
        fixture.given(issued(1000))
                .when(new FreezeBatch(BATCH, "I do not like it", new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may freeze batches"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR"})
    void onlyAnAdministratorUnfreezes(Role role) {
        fixture.given(issued(1000), frozen(1))
                .when(new UnfreezeBatch(BATCH, "let me trade", new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may unfreeze batches"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void aFreezeStatesItsReason(String reason) {
        fixture.given(issued(1000))
                .when(new FreezeBatch(BATCH, reason, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason is required"))
                .expectNoEvents();
    }

    @Test
    void anUnfreezeStatesItsReason() {
        fixture.given(issued(1000), frozen(1))
                .when(new UnfreezeBatch(BATCH, "", ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason is required"))
                .expectNoEvents();
    }

    @Test
    void aFreezeReasonIsAtMost500Characters() {
        fixture.given(issued(1000))
                .when(new FreezeBatch(BATCH, "R".repeat(501), ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason must be at most 500 characters"))
                .expectNoEvents();
    }

    @Test
    void anUnfreezeReasonIsAtMost500Characters() {
        fixture.given(issued(1000), frozen(1))
                .when(new UnfreezeBatch(BATCH, "R".repeat(501), ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason must be at most 500 characters"))
                .expectNoEvents();
    }

    @Test
    void nothingIsTransferredFromAFrozenBatch() {
        fixture.given(issued(1000), frozen(1))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("batch batch-1 is frozen: no credits of it can move"))
                .expectNoEvents();
    }

    @Test
    void nothingIsRetiredFromAFrozenBatch() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)), frozen(2))
                .when(new RetireCredits(BATCH, BUYER, 10, "Acme Steel AG", "claim", BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, holderOf(BUYER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("is frozen"))
                .expectNoEvents();
    }

    @Test
    void nothingIsCancelledFromAFrozenBatch() {
        fixture.given(issued(1000), frozen(1))
                .when(new CancelCredits(BATCH, DEVELOPER, 10, "reversal", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("is frozen"))
                .expectNoEvents();
    }

    @Test
    void creditsMoveAgainAfterTheBatchIsUnfrozen() {
        fixture.given(issued(1000), frozen(1), unfrozen(2))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, DEVELOPER, BUYER, 10,
                        List.of(block(1, 10))))
                .expectResultMessagePayload(new CreditsMoved(BATCH, id(1), SERIAL_PREFIX, List.of(block(1, 10)),
                        null));
    }
}
