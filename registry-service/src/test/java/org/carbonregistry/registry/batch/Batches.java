package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BatchFrozen;
import org.carbonregistry.events.BatchInvalidated;
import org.carbonregistry.events.BatchUnfrozen;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.CreditsCancelled;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.CreditsRetired;
import org.carbonregistry.events.CreditsTransferred;
import org.carbonregistry.events.PersonalDataErased;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestDirectory;
import org.carbonregistry.registry.testing.TestLabels;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The cast of the batch tests: accounts, a project, a fixture wired with in-memory resources, past events. */
final class Batches {

    static final String BATCH = "batch-1";
    static final String PROJECT = "3f2a9c1e-77b4-4d0e-9a51-0c6d2e8b1f40";
    static final String SERIAL_PREFIX = "VCS-3F2A9C1E-2023";
    static final LocalDate VINTAGE_START = LocalDate.of(2023, 1, 1);
    static final LocalDate VINTAGE_END = LocalDate.of(2023, 12, 31);

    static final String REGISTRY = "acc-registry";
    static final String DEVELOPER = "acc-developer";
    static final String BUYER = "acc-buyer";
    static final String AIRLINE = "acc-airline";
    static final String AUDITOR = "acc-auditor";

    static final Actor ADMIN = new Actor(REGISTRY, Role.REGISTRY_ADMIN);

    /** Fixed salts, so a retirement's commitments are known in advance (the API draws random ones). */
    static final String BENEFICIARY_SALT = Commitment.encodeSalt(new byte[Commitment.SALT_SIZE]);
    static final String PURPOSE_SALT = Commitment.encodeSalt(filled((byte) 7));

    /** When the events given as history happened: before {@link FixedStamps#NOW}. */
    static final Instant EARLIER = Instant.parse("2026-01-15T10:00:00.000Z");

    private Batches() {
    }

    static Actor holderOf(String account) {
        return new Actor(account, Role.ACCOUNT_HOLDER);
    }

    static TestDirectory directory() {
        return new TestDirectory()
                .add(new AccountEntry(REGISTRY, "The Registry", AccountType.REGISTRY, "CH"))
                .add(new AccountEntry(DEVELOPER, "Mata Viva Ltda", AccountType.PROJECT_DEVELOPER, "BR"))
                .add(new AccountEntry(BUYER, "Acme Steel AG", AccountType.CORPORATE, "DE"))
                .add(new AccountEntry(AIRLINE, "Air Example SA", AccountType.CORPORATE, "FR"))
                .add(new AccountEntry(AUDITOR, "Audit & Co", AccountType.AUDITOR, "NL"))
                .add(new ProjectEntry(PROJECT, "Mata Viva reforestation", Standard.VCS, "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, DEVELOPER));
    }

    static AggregateTestFixture<CreditBatch> fixture() {
        return fixture(new CountingSerialNumbers());
    }

    static AggregateTestFixture<CreditBatch> fixture(SerialNumbers serialNumbers) {
        return fixture(serialNumbers, new TestLabels());
    }

    static AggregateTestFixture<CreditBatch> fixture(SerialNumbers serialNumbers, TestLabels labels) {
        var fixture = new AggregateTestFixture<>(CreditBatch.class);
        fixture.registerInjectableResource(directory());
        fixture.registerInjectableResource(labels);
        fixture.registerInjectableResource(serialNumbers);
        fixture.registerInjectableResource(new FixedStamps());
        return fixture;
    }

    static SerialBlock block(long first, long last) {
        return new SerialBlock(first, last);
    }

    /** Ids of past events, apart from those {@link FixedStamps} hands out. */
    static UUID earlier(long n) {
        return new UUID(1, n);
    }

    /** The batch as issued to the developer: serials 1 to {@code quantity}. */
    static CreditsIssued issued(long quantity) {
        return new CreditsIssued(earlier(0), EARLIER, BATCH, PROJECT, Standard.VCS, "BR", ProjectCategory.REMOVAL,
                RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, quantity, DEVELOPER, SERIAL_PREFIX,
                List.of(block(1, quantity)), List.of("CCP"), false);
    }

    static CreditsTransferred transferred(long n, String from, String to, SerialBlock... blocks) {
        return new CreditsTransferred(earlier(n), EARLIER, BATCH, from, to, quantityOf(blocks), List.of(blocks));
    }

    static CreditsRetired retired(long n, String account, SerialBlock... blocks) {
        return new CreditsRetired(earlier(n), EARLIER, BATCH, "retirement-" + n, account, quantityOf(blocks),
                List.of(blocks), committed("Acme Steel AG", BENEFICIARY_SALT),
                committed("2025 climate claim", PURPOSE_SALT), 2025, "DE");
    }

    static PersonalDataErased erased(long n, String retirementId) {
        return new PersonalDataErased(earlier(n), EARLIER, BATCH, retirementId);
    }

    static CreditsCancelled cancelled(long n, String account, SerialBlock... blocks) {
        return new CreditsCancelled(earlier(n), EARLIER, BATCH, account, quantityOf(blocks), List.of(blocks),
                "issuance error");
    }

    /** The batch invalidated, cancelling exactly {@code cancelled}. */
    static BatchInvalidated invalidated(long n, BatchInvalidated.CancelledHolding... cancelled) {
        return new BatchInvalidated(earlier(n), EARLIER, BATCH, "verification withdrawn",
                Arrays.stream(cancelled).mapToLong(BatchInvalidated.CancelledHolding::quantity).sum(), List.of(cancelled));
    }

    static BatchInvalidated.CancelledHolding holding(String account, SerialBlock... blocks) {
        return new BatchInvalidated.CancelledHolding(account, quantityOf(blocks), List.of(blocks));
    }

    static BatchFrozen frozen(long n) {
        return new BatchFrozen(earlier(n), EARLIER, BATCH, "court order");
    }

    static BatchUnfrozen unfrozen(long n) {
        return new BatchUnfrozen(earlier(n), EARLIER, BATCH, "court order lifted");
    }

    static String committed(String text, String salt) {
        return Commitment.of(text, salt);
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[Commitment.SALT_SIZE];
        Arrays.fill(bytes, value);
        return bytes;
    }

    private static long quantityOf(SerialBlock... blocks) {
        return Arrays.stream(blocks).mapToLong(SerialBlock::quantity).sum();
    }
}
