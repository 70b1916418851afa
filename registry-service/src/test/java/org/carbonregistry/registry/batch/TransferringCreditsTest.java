package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
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
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AIRLINE;
import static org.carbonregistry.registry.batch.Batches.AUDITOR;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class TransferringCreditsTest {

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    private static CreditsTransferred transfer(String from, String to, SerialBlock... blocks) {
        long quantity = List.of(blocks).stream().mapToLong(SerialBlock::quantity).sum();
        return new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, from, to, quantity, List.of(blocks));
    }

    private static CreditsMoved moved(SerialBlock... blocks) {
        return new CreditsMoved(BATCH, id(1), SERIAL_PREFIX, List.of(blocks), null);
    }

    @Test
    void aHolderTransfersItsLowestSerialsSplittingTheBlock() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 300, holderOf(DEVELOPER)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(transfer(DEVELOPER, BUYER, block(1, 300)))
                .expectResultMessagePayload(moved(block(1, 300)));
    }

    @Test
    void theNextTransferContinuesAfterTheSerialsAlreadyGone() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)))
                .when(new TransferCredits(BATCH, DEVELOPER, AIRLINE, 200, holderOf(DEVELOPER)))
                .expectEvents(transfer(DEVELOPER, AIRLINE, block(301, 500)))
                .expectResultMessagePayload(moved(block(301, 500)));
    }

    @Test
    void aTransferSpanningTwoSeparateBlocksTakesBoth() {
        // the buyer hands serials 1-100 back: the developer now holds 1-100 and 301-1000
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        transferred(2, BUYER, DEVELOPER, block(1, 100)))
                .when(new TransferCredits(BATCH, DEVELOPER, AIRLINE, 150, holderOf(DEVELOPER)))
                .expectEvents(transfer(DEVELOPER, AIRLINE, block(1, 100), block(301, 350)))
                .expectResultMessagePayload(moved(block(1, 100), block(301, 350)));
    }

    @Test
    void blocksThatMeetAgainMoveAsOne() {
        // the buyer receives 1-100 and 201-300, then 101-200 from the airline in between: 1-300 in one piece
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 100)),
                        transferred(2, DEVELOPER, AIRLINE, block(101, 200)),
                        transferred(3, DEVELOPER, BUYER, block(201, 300)),
                        transferred(4, AIRLINE, BUYER, block(101, 200)))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 300, holderOf(BUYER)))
                .expectEvents(transfer(BUYER, AIRLINE, block(1, 300)))
                .expectResultMessagePayload(moved(block(1, 300)));
    }

    @Test
    void aHolderMayTransferEverythingItHolds() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 300, holderOf(BUYER)))
                .expectEvents(transfer(BUYER, AIRLINE, block(1, 300)));
    }

    @Test
    void noAccountTransfersMoreThanItHolds() {
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)))
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 301, holderOf(BUYER)))
                .expectException(CommandRefused.class)
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString(
                        "account acc-buyer holds 300 credits of batch batch-1, fewer than the 301 requested"))
                .expectNoEvents();
    }

    @Test
    void anAccountThatHoldsNothingTransfersNothing() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, AIRLINE, BUYER, 1, holderOf(AIRLINE)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-airline holds 0 credits"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Quantities.MAX_TONNES + 1})
    void theQuantityIsAPositiveWholeNumberOfTonnes(long quantity) {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, quantity, holderOf(DEVELOPER)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("quantity must be a whole number of tonnes from 1 to "
                        + Quantities.MAX_TONNES + ", was " + quantity))
                .expectNoEvents();
    }

    @Test
    void anAccountDoesNotTransferToItself() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, DEVELOPER, 10, holderOf(DEVELOPER)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("from and to are the same account"))
                .expectNoEvents();
    }

    @Test
    void theReceivingAccountMustExist() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, "acc-nobody", 10, holderOf(DEVELOPER)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-nobody does not exist"))
                .expectNoEvents();
    }

    @Test
    void anAuditorAccountCannotReceiveCredits() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, AUDITOR, 10, holderOf(DEVELOPER)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("acc-auditor is an AUDITOR account and cannot hold credits"))
                .expectNoEvents();
    }

    @Test
    void anAccountHolderMovesOnlyItsOwnCredits() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(BUYER)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString(
                        "the key of account acc-buyer may not transfer credits for account acc-developer"))
                .expectNoEvents();
    }

    @Test
    void anAuditorKeyNeverMovesCreditsEvenOfItsOwnAccount() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, new Actor(DEVELOPER, Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAdministratorMovesCreditsForAnyAccount() {
        fixture.given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, ADMIN))
                .expectEvents(transfer(DEVELOPER, BUYER, block(1, 10)))
                .expectResultMessagePayload(moved(block(1, 10)));
    }

    @Test
    void aBatchThatWasNeverIssuedIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new TransferCredits("batch-unknown", DEVELOPER, BUYER, 10, ADMIN))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
