package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsExpired;
import org.carbonregistry.events.CreditsExpired.ExpiredHolding;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.EARLIER;
import static org.carbonregistry.registry.batch.Batches.PROJECT;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_END;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_START;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.batch.Batches.cancelled;
import static org.carbonregistry.registry.batch.Batches.earlier;
import static org.carbonregistry.registry.batch.Batches.frozen;
import static org.carbonregistry.registry.batch.Batches.holderOf;
import static org.carbonregistry.registry.batch.Batches.retired;
import static org.carbonregistry.registry.batch.Batches.transferred;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

/** EU CRCF temporary removals: batches that carry an expiry date, after which what is still held expires. */
class ExpiringCreditsTest {

    static final String TEMPORARY = "7c1d0e2f-temporary-soil-carbon";
    static final String TEMPORARY_PREFIX = "PURO-7C1D0E2F-2023";
    /** Start of the day the test batch expires, UTC. */
    static final LocalDate EXPIRES_ON = LocalDate.of(2026, 6, 1);
    static final Instant BEFORE_EXPIRY = Instant.parse("2026-05-31T23:59:59.999Z");
    static final Instant AT_EXPIRY = Instant.parse("2026-06-01T00:00:00.000Z");

    private static AggregateTestFixture<CreditBatch> fixtureAt(Instant now) {
        var fixture = new AggregateTestFixture<>(CreditBatch.class);
        fixture.registerInjectableResource(Batches.directory().add(new ProjectEntry(TEMPORARY, "Soil carbon pilot",
                Standard.PURO, "DE", ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, DEVELOPER,
                BenefitType.TEMPORARY_REMOVAL)));
        fixture.registerInjectableResource(new TestLabels());
        fixture.registerInjectableResource(new CountingSerialNumbers());
        fixture.registerInjectableResource(new FixedStamps(now));
        return fixture;
    }

    private static IssueCredits issue(String project, LocalDate expiresOn) {
        return new IssueCredits(BATCH, project, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, List.of(), false, ADMIN,
                expiresOn);
    }

    /** The temporary-removal batch of 1000 credits, issued to the developer, as history. */
    static CreditsIssued issuedTemporary() {
        return new CreditsIssued(earlier(0), EARLIER, BATCH, TEMPORARY, Standard.PURO, "DE", ProjectCategory.REMOVAL,
                RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, TEMPORARY_PREFIX,
                List.of(block(1, 1000)), List.of(), false, BenefitType.TEMPORARY_REMOVAL, EXPIRES_ON);
    }

    static CreditsExpired expired(long n, Instant at, long quantity, ExpiredHolding... holdings) {
        return new CreditsExpired(earlier(n), at, BATCH, EXPIRES_ON, quantity, List.of(holdings));
    }

    @Test
    void aTemporaryRemovalBatchCarriesItsExpiryDateAndBenefitType() {
        fixtureAt(FixedStamps.NOW).givenNoPriorActivity()
                .when(issue(TEMPORARY, EXPIRES_ON))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CreditsIssued(id(1), FixedStamps.NOW, BATCH, TEMPORARY, Standard.PURO, "DE",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER,
                        TEMPORARY_PREFIX, List.of(block(1, 1000)), List.of(), false, BenefitType.TEMPORARY_REMOVAL,
                        EXPIRES_ON));
    }

    @Test
    void aTemporaryRemovalBatchWithoutExpiryDateIsRefused() {
        fixtureAt(FixedStamps.NOW).givenNoPriorActivity()
                .when(issue(TEMPORARY, null))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("is a TEMPORARY_REMOVAL project: its batches must carry expiresOn"))
                .expectNoEvents();
    }

    @Test
    void anExpiryDateThatIsNotAfterTodayIsRefused() {
        LocalDate today = LocalDate.of(2026, 3, 4); // FixedStamps.NOW
        fixtureAt(FixedStamps.NOW).givenNoPriorActivity()
                .when(issue(TEMPORARY, today))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("expiresOn 2026-03-04 is not after today (2026-03-04, UTC)"))
                .expectNoEvents();
    }

    @Test
    void anExpiryDateForABatchOfAnotherBenefitTypeIsRefused() {
        // PROJECT is a removal registered without a benefit type: a permanent removal.
        fixtureAt(FixedStamps.NOW).givenNoPriorActivity()
                .when(issue(PROJECT, EXPIRES_ON))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("is a PERMANENT_REMOVAL project: only batches of"
                        + " TEMPORARY_REMOVAL projects expire, so expiresOn must not be given"))
                .expectNoEvents();
    }

    @Test
    void atItsExpiryDateEveryHolderSCreditsExpire() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), transferred(1, DEVELOPER, BUYER, block(1, 300)),
                        retired(2, BUYER, block(1, 100)), cancelled(3, DEVELOPER, block(301, 350)))
                .when(new ExpireCredits(BATCH))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CreditsExpired(id(1), AT_EXPIRY, BATCH, EXPIRES_ON, 850, List.of(
                        new ExpiredHolding(BUYER, 200, List.of(block(101, 300))),
                        new ExpiredHolding(DEVELOPER, 650, List.of(block(351, 1000))))));
    }

    @Test
    void aFrozenBatchExpiresToo() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), frozen(1))
                .when(new ExpireCredits(BATCH))
                .expectEvents(new CreditsExpired(id(1), AT_EXPIRY, BATCH, EXPIRES_ON, 1000,
                        List.of(new ExpiredHolding(DEVELOPER, 1000, List.of(block(1, 1000))))));
    }

    /** The expiry is recorded even when nothing is left to expire: the log shows that the date passed. */
    @Test
    void aBatchWhoseCreditsWereAllRetiredRecordsAnEmptyExpiry() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), retired(1, DEVELOPER, block(1, 1000)))
                .when(new ExpireCredits(BATCH))
                .expectEvents(new CreditsExpired(id(1), AT_EXPIRY, BATCH, EXPIRES_ON, 0, List.of()));
    }

    @Test
    void beforeItsExpiryDateABatchDoesNotExpire() {
        fixtureAt(BEFORE_EXPIRY)
                .given(issuedTemporary())
                .when(new ExpireCredits(BATCH))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("expires on 2026-06-01, not before"))
                .expectNoEvents();
    }

    @Test
    void aBatchExpiresOnce() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), expired(1, AT_EXPIRY, 1000,
                        new ExpiredHolding(DEVELOPER, 1000, List.of(block(1, 1000)))))
                .when(new ExpireCredits(BATCH))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aBatchWithoutExpiryDateNeverExpires() {
        fixtureAt(AT_EXPIRY)
                .given(Batches.issued(1000))
                .when(new ExpireCredits(BATCH))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("has no expiry date"))
                .expectNoEvents();
    }

    @Test
    void expiredCreditsCannotBeTransferred() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), expired(1, AT_EXPIRY, 1000,
                        new ExpiredHolding(DEVELOPER, 1000, List.of(block(1, 1000)))))
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("expired on 2026-06-01 (a temporary removal): expired credits"
                        + " can no longer be transferred, retired or cancelled"))
                .expectNoEvents();
    }

    @Test
    void expiredCreditsCannotBeRetired() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), expired(1, AT_EXPIRY, 1000,
                        new ExpiredHolding(DEVELOPER, 1000, List.of(block(1, 1000)))))
                .when(new RetireCredits(BATCH, DEVELOPER, 10, "Acme", "claim", Batches.BENEFICIARY_SALT,
                        Batches.PURPOSE_SALT, 2026, "DE", holderOf(DEVELOPER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("expired on 2026-06-01"))
                .expectNoEvents();
    }

    @Test
    void expiredCreditsCannotBeCancelled() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary(), expired(1, AT_EXPIRY, 1000,
                        new ExpiredHolding(DEVELOPER, 1000, List.of(block(1, 1000)))))
                .when(new CancelCredits(BATCH, DEVELOPER, 10, "reversal", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("expired on 2026-06-01"))
                .expectNoEvents();
    }

    /** Past the date, before the registry's poll has sent ExpireCredits: the credits are already unusable. */
    @Test
    void nothingMovesPastTheExpiryDateEvenBeforeTheExpiryIsRecorded() {
        fixtureAt(AT_EXPIRY)
                .given(issuedTemporary())
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("expired on 2026-06-01"))
                .expectNoEvents();
    }

    @Test
    void beforeTheExpiryDateCreditsMove() {
        fixtureAt(BEFORE_EXPIRY)
                .given(issuedTemporary())
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, holderOf(DEVELOPER)))
                .expectSuccessfulHandlerExecution();
    }
}
