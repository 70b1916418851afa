package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.BufferContributed;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestDirectory;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
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
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.issued;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

/** The buffer's share at issuance, and reversals compensated from it, one batch at a time. */
class BufferPoolTest {

    private static final LocalDate FIRE = LocalDate.of(2026, 2, 1);

    /** The batch fixture, with the buffer account open as the registry opens it at first start. */
    static AggregateTestFixture<CreditBatch> fixture() {
        var fixture = new AggregateTestFixture<>(CreditBatch.class);
        fixture.registerInjectableResource(directory());
        fixture.registerInjectableResource(new TestLabels());
        fixture.registerInjectableResource(new CountingSerialNumbers());
        fixture.registerInjectableResource(new FixedStamps());
        return fixture;
    }

    /** The batch tests' accounts and project, and the buffer account. */
    static TestDirectory directory() {
        return Batches.directory()
                .add(new AccountEntry(BufferPool.ACCOUNT, "The Registry buffer pool", AccountType.REGISTRY, "CH"));
    }

    private static IssueCredits issue(long quantity, String percent) {
        return new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, quantity, DEVELOPER, List.of("CCP"),
                false, ADMIN, percent == null ? null : new BigDecimal(percent));
    }

    private static CreditsIssued issuedNow(long quantity) {
        return new CreditsIssued(id(1), FixedStamps.NOW, BATCH, PROJECT, Standard.VCS, "BR", ProjectCategory.REMOVAL,
                RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, quantity, DEVELOPER, SERIAL_PREFIX,
                List.of(block(1, quantity)), List.of("CCP"), false, BenefitType.PERMANENT_REMOVAL, null);
    }

    /** The past contribution of serials {@code first..last} of a batch issued to the developer. */
    private static BufferContributed contributed(long first, long last) {
        return new BufferContributed(earlier(1), EARLIER, BATCH, PROJECT, DEVELOPER, BufferPool.ACCOUNT, "10",
                last - first + 1, List.of(block(first, last)));
    }

    private static CompensateReversal compensate(long quantity) {
        return new CompensateReversal(BATCH, PROJECT, "reversal-1", quantity, 250, FIRE, "wildfire", ADMIN);
    }

    @Test
    void theBufferTakesItsShareOfTheIssuanceFromTheTopOfTheRange() {
        fixture().givenNoPriorActivity()
                .when(issue(1000, "12.5"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(issuedNow(1000), new BufferContributed(id(2), FixedStamps.NOW, BATCH, PROJECT, DEVELOPER,
                        BufferPool.ACCOUNT, "12.5", 125, List.of(block(876, 1000))));
    }

    @ParameterizedTest
    @CsvSource({"999, 12.5, 124", "7, 33.33, 2", "3, 0.01, 0", "10, 100, 10", "10, 10.00, 1"})
    void theShareIsRoundedDown(long quantity, String percent, long share) {
        assertThat(BufferPool.share(quantity, BufferPool.requirePercent(new BigDecimal(percent)))).isEqualTo(share);
    }

    @Test
    void aPercentIsRecordedInItsShortestForm() {
        fixture().givenNoPriorActivity()
                .when(issue(10, "10.00"))
                .expectEvents(issuedNow(10), new BufferContributed(id(2), FixedStamps.NOW, BATCH, PROJECT, DEVELOPER,
                        BufferPool.ACCOUNT, "10", 1, List.of(block(10, 10))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.4"})
    void noShareMeansNoContribution(String percent) {
        fixture().givenNoPriorActivity()
                .when(issue(2, percent))
                .expectEvents(issuedNow(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "100.01", "250", "12.345"})
    void aPercentOutOfRangeOrTooFineIsRefusedAndNothingIsIssued(String percent) {
        fixture().givenNoPriorActivity()
                .when(issue(1000, percent))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("bufferPercent"))
                .expectNoEvents();
    }

    @Test
    void withoutTheBufferAccountOpenAContributionIsRefused() {
        Batches.fixture().givenNoPriorActivity()
                .when(issue(1000, "10"))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString(BufferPool.ACCOUNT))
                .expectNoEvents();
    }

    @Test
    void aReversalCancelsTheBuffersLowestSerialsOfTheBatchOnly() {
        fixture().given(issued(1000), contributed(901, 1000))
                .when(compensate(30))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ReversalCompensated(id(1), FixedStamps.NOW, BATCH, PROJECT, "reversal-1",
                        BufferPool.ACCOUNT, 30, List.of(block(901, 930)), 250, FIRE, "wildfire"));
    }

    @Test
    void aReversalLargerThanWhatTheBufferHoldsOfTheBatchIsRefusedAndCancelsNothing() {
        fixture().given(issued(1000), contributed(901, 1000))
                .when(compensate(101))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("the buffer holds 100 credits"))
                .expectNoEvents();
    }

    @Test
    void aBatchWithoutBufferCreditsCompensatesNothingEvenWhenOthersHoldMany() {
        fixture().given(issued(1000))
                .when(compensate(1))
                .expectException(refused(UNPROCESSABLE))
                .expectNoEvents();
    }

    @Test
    void onlyAnAdministratorCompensatesAReversal() {
        fixture().given(issued(1000), contributed(901, 1000))
                .when(new CompensateReversal(BATCH, PROJECT, "reversal-1", 1, 1, FIRE, "wildfire", holderOf(DEVELOPER)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void theBuffersCreditsDoNotMoveOtherwise() {
        fixture().given(issued(1000), contributed(901, 1000))
                .when(new TransferCredits(BATCH, BufferPool.ACCOUNT, BUYER, 1, ADMIN))
                .expectException(refused(CONFLICT))
                .expectNoEvents();
        fixture().given(issued(1000), contributed(901, 1000))
                .when(new CancelCredits(BATCH, BufferPool.ACCOUNT, 1, "tidying up", ADMIN))
                .expectException(refused(CONFLICT))
                .expectNoEvents();
    }

    @Test
    void nobodyTransfersCreditsIntoTheBuffer() {
        fixture().given(issued(1000))
                .when(new TransferCredits(BATCH, DEVELOPER, BufferPool.ACCOUNT, 1, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectNoEvents();
    }

    @Test
    void aFrozenBatchCompensatesNothing() {
        fixture().given(issued(1000), contributed(901, 1000), Batches.frozen(2))
                .when(compensate(1))
                .expectException(refused(CONFLICT))
                .expectNoEvents();
    }

    @Test
    void compensatedCreditsCountAsCancelledAndConservationHolds() {
        fixture().given(issued(1000), contributed(901, 1000), transferred(2, DEVELOPER, BUYER, block(1, 10)),
                        new ReversalCompensated(earlier(3), EARLIER, BATCH, PROJECT, "reversal-0", BufferPool.ACCOUNT,
                                100, List.of(block(901, 1000)), 100, FIRE, "wildfire"))
                .when(new TransferCredits(BATCH, BUYER, DEVELOPER, 5, holderOf(BUYER)))
                .expectSuccessfulHandlerExecution()
                .expectState(batch -> assertThat(batch).extracting("cancelled").isEqualTo(100L));
        fixture().given(issued(1000), contributed(901, 1000),
                        new ReversalCompensated(earlier(3), EARLIER, BATCH, PROJECT, "reversal-0", BufferPool.ACCOUNT,
                                100, List.of(block(901, 1000)), 100, FIRE, "wildfire"))
                .when(compensate(1))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("the buffer holds 0 credits"));
    }
}
