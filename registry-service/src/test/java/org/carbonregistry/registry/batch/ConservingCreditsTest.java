package org.carbonregistry.registry.batch;

import org.axonframework.messaging.annotation.MessageHandlerInvocationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.testing.FixedStamps;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.carbonregistry.registry.batch.Batches.BENEFICIARY_SALT;
import static org.carbonregistry.registry.batch.Batches.PURPOSE_SALT;
import static org.carbonregistry.registry.batch.Batches.committed;
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
import static org.carbonregistry.registry.batch.Batches.cancelled;
import static org.carbonregistry.registry.batch.Batches.earlier;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.retired;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasProperty;
import static org.hamcrest.Matchers.instanceOf;

/** Issued = held + retired + cancelled: after every event, and a history that says otherwise does not load. */
class ConservingCreditsTest {

    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        fixture = Batches.fixture();
    }

    /**
     * 1000 issued; the buyer gets 1-300, retires 1-50 and passes 51-150 to the airline; the developer cancels
     * 301-400. Left: developer 401-1000 (600), buyer 151-300 (150), airline 51-150 (100); 50 retired, 100
     * cancelled: 600 + 150 + 100 + 50 + 100 = 1000.
     */
    private static Object[] history() {
        return new Object[]{issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                retired(2, BUYER, block(1, 50)), cancelled(3, DEVELOPER, block(301, 400)),
                transferred(4, BUYER, AIRLINE, block(51, 150))};
    }

    @Test
    void afterAHistoryOfMovesEachHolderHoldsExactlyWhatIsLeft() {
        fixture.given(history())
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 600, holderOf(DEVELOPER)))
                .expectEvents(new CreditsTransferred(id(1), FixedStamps.NOW, BATCH, DEVELOPER, BUYER, 600,
                        List.of(block(401, 1000))))
                .expectResultMessagePayload(new CreditsMoved(BATCH, id(1), SERIAL_PREFIX,
                        List.of(block(401, 1000)), null));
    }

    @Test
    void afterAHistoryOfMovesNoHolderHasMoreThanWhatIsLeft() {
        fixture.given(history())
                .when(new TransferCredits(BATCH, BUYER, AIRLINE, 151, holderOf(BUYER)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-buyer holds 150 credits"))
                .expectNoEvents();
    }

    @Test
    void theLastCreditsLeaveAndNothingIsLeftAnywhere() {
        // everything else is retired or cancelled: the airline's 100 are the only credits left in circulation
        fixture.given(history()).andGiven(retired(5, BUYER, block(151, 300)),
                        cancelled(6, DEVELOPER, block(401, 1000)))
                .when(new RetireCredits(BATCH, AIRLINE, 100, "Air Example SA", "CORSIA offsetting", BENEFICIARY_SALT, PURPOSE_SALT, 2025, null,
                        holderOf(AIRLINE)))
                .expectEvents(new CreditsRetired(id(1), FixedStamps.NOW, BATCH, id(2).toString(), AIRLINE, 100,
                        List.of(block(51, 150)), committed("Air Example SA", BENEFICIARY_SALT), committed("CORSIA offsetting", PURPOSE_SALT), 2025, "FR"));
    }

    /**
     * Axon wraps what an event sourcing handler throws; the cause is the aggregate's own complaint. A serial
     * removed twice is refused by {@code SerialRanges} (IllegalArgumentException) before the count is checked.
     */
    private static Matcher<Throwable> historyRefused(Class<? extends RuntimeException> type, String message) {
        return allOf(instanceOf(MessageHandlerInvocationException.class),
                hasProperty("cause", allOf(instanceOf(type), hasProperty("message", containsString(message)))));
    }

    @Test
    void anIssuanceWhoseBlocksDoNotAddUpToItsQuantityDoesNotLoad() {
        var issuedShort = new CreditsIssued(earlier(0), EARLIER, BATCH, PROJECT, Standard.VCS, "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER,
                SERIAL_PREFIX, List.of(block(1, 999)), List.of(), false);
        fixture.given(issuedShort)
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, ADMIN))
                .expectException(historyRefused(IllegalStateException.class,
                        "batch batch-1 breaks conservation: held 999 + retired 0 + cancelled 0 + invalidated 0 != issued 1000"))
                .expectNoEvents();
    }

    @Test
    void aRetirementWhoseQuantityDiffersFromItsSerialsDoesNotLoad() {
        var retiredTooMuch = new CreditsRetired(earlier(2), EARLIER, BATCH, "retirement-2", DEVELOPER, 60,
                List.of(block(1, 50)), committed("Mata Viva", BENEFICIARY_SALT), committed("claim", PURPOSE_SALT), 2025, "BR");
        fixture.given(issued(1000), retiredTooMuch)
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, ADMIN))
                .expectException(historyRefused(IllegalStateException.class,
                        "held 950 + retired 60 + cancelled 0 + invalidated 0 != issued 1000"))
                .expectNoEvents();
    }

    @Test
    void serialsSpentTwiceDoNotLoad() {
        // the developer hands 1-300 to the buyer, then the same serials to the airline
        fixture.given(issued(1000), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        transferred(2, DEVELOPER, AIRLINE, block(1, 300)))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, ADMIN))
                .expectException(historyRefused(IllegalArgumentException.class,
                        "serials SerialBlock[first=1, last=300] are not held"))
                .expectNoEvents();
    }

    @Test
    void serialsRetiredByAnAccountThatNeverHeldThemDoNotLoad() {
        fixture.given(issued(1000), retired(1, BUYER, block(1, 10)))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 1, ADMIN))
                .expectException(historyRefused(IllegalStateException.class,
                        "account acc-buyer holds nothing of this batch"))
                .expectNoEvents();
    }
}
