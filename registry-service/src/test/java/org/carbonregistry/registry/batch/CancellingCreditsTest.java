package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.CreditsCancelled;
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
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.cancelled;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class CancellingCreditsTest {

    private static final String REASON = "issuance error: double counted hectares";

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    private static CancelCredits cancel(long quantity, String reason, Actor actor) {
        return new CancelCredits(BATCH, DEVELOPER, quantity, reason, actor);
    }

    @Test
    void anAdministratorCancelsTheLowestSerials() {
        fixture.given(issued(1000))
                .when(cancel(100, REASON, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CreditsCancelled(id(1), FixedStamps.NOW, BATCH, DEVELOPER, 100,
                        List.of(block(1, 100)), REASON))
                .expectResultMessagePayload(new CreditsMoved(BATCH, id(1), SERIAL_PREFIX, List.of(block(1, 100)),
                        null));
    }

    @Test
    void anAccountHolderMayCancelItsOwnCredits() {
        fixture.given(issued(1000))
                .when(cancel(1000, REASON, holderOf(DEVELOPER)))
                .expectEvents(new CreditsCancelled(id(1), FixedStamps.NOW, BATCH, DEVELOPER, 1000,
                        List.of(block(1, 1000)), REASON));
    }

    @Test
    void anAccountHolderCancelsOnlyItsOwnCredits() {
        fixture.given(issued(1000))
                .when(cancel(100, REASON, holderOf(BUYER)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString(
                        "the key of account acc-buyer may not cancel credits for account acc-developer"))
                .expectNoEvents();
    }

    @Test
    void anAuditorKeyNeverCancels() {
        fixture.given(issued(1000))
                .when(cancel(100, REASON, new Actor(DEVELOPER, Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " "})
    void aCancellationStatesItsReason(String reason) {
        fixture.given(issued(1000))
                .when(cancel(100, reason, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason is required"))
                .expectNoEvents();
    }

    @Test
    void aReasonIsAtMost500Characters() {
        fixture.given(issued(1000))
                .when(cancel(100, "R".repeat(501), ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("reason must be at most 500 characters"))
                .expectNoEvents();
    }

    @Test
    void noAccountCancelsMoreThanItHolds() {
        fixture.given(issued(1000))
                .when(cancel(1001, REASON, ADMIN))
                .expectException(CommandRefused.class)
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("holds 1000 credits of batch batch-1, fewer than the 1001"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Quantities.MAX_TONNES + 1})
    void theQuantityIsAPositiveWholeNumberOfTonnes(long quantity) {
        fixture.given(issued(1000))
                .when(cancel(quantity, REASON, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("quantity must be a whole number of tonnes"))
                .expectNoEvents();
    }

    @Test
    void cancelledCreditsNeverMoveAgain() {
        fixture.given(issued(1000), cancelled(1, DEVELOPER, block(1, 1000)))
                .when(new TransferCredits(BATCH, DEVELOPER, AIRLINE, 1, holderOf(DEVELOPER)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-developer holds 0 credits"))
                .expectNoEvents();
    }

    @Test
    void cancelledCreditsCannotBeRetired() {
        fixture.given(issued(1000), cancelled(1, DEVELOPER, block(1, 1000)))
                .when(new RetireCredits(BATCH, DEVELOPER, 1, "Mata Viva", "claim", BENEFICIARY_SALT, PURPOSE_SALT, 2025, null, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-developer holds 0 credits"))
                .expectNoEvents();
    }
}
