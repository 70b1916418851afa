package org.carbonregistry.registry.batch;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.CreditsIssued;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.rules.Quantities;
import org.carbonregistry.registry.testing.CountingSerialNumbers;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestDirectory;
import org.carbonregistry.registry.testing.TestLabels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.batch.Batches.ADMIN;
import static org.carbonregistry.registry.batch.Batches.AUDITOR;
import static org.carbonregistry.registry.batch.Batches.BATCH;
import static org.carbonregistry.registry.batch.Batches.BUYER;
import static org.carbonregistry.registry.batch.Batches.DEVELOPER;
import static org.carbonregistry.registry.batch.Batches.PROJECT;
import static org.carbonregistry.registry.batch.Batches.SERIAL_PREFIX;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_END;
import static org.carbonregistry.registry.batch.Batches.VINTAGE_START;
import static org.carbonregistry.registry.batch.Batches.block;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class IssuingCreditsTest {

    /** {@link FixedStamps#NOW} as a date: the last day a vintage may end. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 4);

    private CountingSerialNumbers serialNumbers;
    private AggregateTestFixture<CreditBatch> fixture;

    @BeforeEach
    void setUp() {
        serialNumbers = new CountingSerialNumbers();
        fixture = Batches.fixture(serialNumbers);
    }

    private static IssueCredits issue(long quantity) {
        return new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, quantity, DEVELOPER, List.of("CCP"),
                false, ADMIN);
    }

    private static IssueCredits issueVintage(LocalDate start, LocalDate end) {
        return new IssueCredits(BATCH, PROJECT, start, end, 1000, DEVELOPER, List.of(), false, ADMIN);
    }

    private static IssueCredits issueLabelled(List<String> labels) {
        return new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, labels, false, ADMIN);
    }

    /** The issuance of {@code quantity} credits of the standard project, as the aggregate records it. */
    private static CreditsIssued issuedEvent(long quantity, LocalDate start, LocalDate end, String prefix,
                                             List<String> labels, SerialBlock block) {
        return new CreditsIssued(id(1), FixedStamps.NOW, BATCH, PROJECT, Standard.VCS, "BR", ProjectCategory.REMOVAL,
                RemovalSink.BIOGENIC, start, end, quantity, DEVELOPER, prefix, List.of(block), labels, false,
                BenefitType.PERMANENT_REMOVAL, null);
    }

    @Test
    void anAdministratorIssuesABatchAsOneBlockOfSerials() {
        fixture.givenNoPriorActivity()
                .when(issue(1000))
                .expectSuccessfulHandlerExecution()
                .expectEvents(issuedEvent(1000, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX, List.of("CCP"),
                        block(1, 1000)))
                .expectResultMessagePayload(BATCH);
        assertThat(serialNumbers.next()).isEqualTo(1001);
    }

    @Test
    void serialsContinueWhereTheRegistryCounterStands() {
        serialNumbers.reserve(5000); // an earlier batch took serials 1-5000
        fixture.givenNoPriorActivity()
                .when(issue(250))
                .expectEvents(issuedEvent(250, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX, List.of("CCP"),
                        block(5001, 5250)));
        assertThat(serialNumbers.next()).isEqualTo(5251);
    }

    @Test
    void theIssuedEventCopiesTheProjectAndTheCorrespondingAdjustment() {
        var directory = new TestDirectory()
                .add(new AccountEntry(BUYER, "Acme Steel AG", AccountType.CORPORATE, "DE"))
                .add(new ProjectEntry("p-7", "Cookstoves Kenya", Standard.GS, "KE", ProjectCategory.REDUCTION,
                        null, DEVELOPER));
        fixture = new AggregateTestFixture<>(CreditBatch.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new TestLabels());
        fixture.registerInjectableResource(new CountingSerialNumbers());
        fixture.registerInjectableResource(new FixedStamps());
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, "p-7", LocalDate.of(2021, 7, 1), LocalDate.of(2022, 6, 30), 40,
                        BUYER, List.of("CORSIA_ELIGIBLE"), true, ADMIN))
                .expectEvents(new CreditsIssued(id(1), FixedStamps.NOW, BATCH, "p-7", Standard.GS, "KE",
                        ProjectCategory.REDUCTION, null, LocalDate.of(2021, 7, 1), LocalDate.of(2022, 6, 30), 40,
                        BUYER, "GS-P7-2021", List.of(block(1, 40)), List.of("CORSIA_ELIGIBLE"), true,
                        BenefitType.REDUCTION, null));
    }

    @Test
    void anImportedBatchKeepsTheProgrammesSerialRangeOnItsEvent() {
        String verra = "19385-941467007-941467431-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1";
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 425, DEVELOPER, List.of(), false,
                        verra, ADMIN))
                .expectEvents(new CreditsIssued(id(1), FixedStamps.NOW, BATCH, PROJECT, Standard.VCS, "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 425, DEVELOPER,
                        SERIAL_PREFIX, List.of(block(1, 425)), List.of(), false, BenefitType.PERMANENT_REMOVAL, null,
                        null, verra));
    }

    @Test
    void anImportedSerialRangeIsNotBlankNorLongerThan200Characters() {
        for (String serials : List.of(" ", "9".repeat(201))) {
            fixture.givenNoPriorActivity()
                    .when(new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 10, DEVELOPER, List.of(), false,
                            serials, ADMIN))
                    .expectNoEvents()
                    .expectException(refused(INVALID))
                    .expectExceptionMessage(org.hamcrest.Matchers.containsString("externalSerials"));
        }
        assertThat(serialNumbers.next()).as("no serials reserved").isEqualTo(1);
    }

    @Test
    void theSerialPrefixIsStandardFirstEightAlphanumericsOfTheProjectAndVintageYear() {
        assertThat(CreditBatch.serialPrefix("VCS", "3f2a9c1e-77b4-4d0e-9a51-0c6d2e8b1f40", LocalDate.of(2023, 1, 1)))
                .isEqualTo("VCS-3F2A9C1E-2023");
        assertThat(CreditBatch.serialPrefix("PURO", "ab-cd_ef.gh/ij", LocalDate.of(2019, 12, 31)))
                .isEqualTo("PURO-ABCDEFGH-2019");
        assertThat(CreditBatch.serialPrefix("GS", "p-7", LocalDate.of(2021, 7, 1))).isEqualTo("GS-P7-2021");
    }

    @Test
    void theLargestBatchIsMaxTonnes() {
        fixture.givenNoPriorActivity()
                .when(issue(Quantities.MAX_TONNES))
                .expectEvents(issuedEvent(Quantities.MAX_TONNES, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX,
                        List.of("CCP"), block(1, Quantities.MAX_TONNES)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -1000, Quantities.MAX_TONNES + 1})
    void theQuantityIsAPositiveWholeNumberOfTonnesUpToTheMaximum(long quantity) {
        fixture.givenNoPriorActivity()
                .when(issue(quantity))
                .expectException(CommandRefused.class)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("quantity must be a whole number of tonnes"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR"})
    void onlyAnAdministratorIssuesCredits(Role role) {
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, List.of(),
                        false, new Actor(DEVELOPER, role)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may issue credits"))
                .expectNoEvents();
    }

    @Test
    void theProjectMustExist() {
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, "prj-nobody", VINTAGE_START, VINTAGE_END, 1000, DEVELOPER, List.of(),
                        false, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("project prj-nobody does not exist"))
                .expectNoEvents();
    }

    @Test
    void theReceivingAccountMustExist() {
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 1000, "acc-nobody", List.of(),
                        false, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("account acc-nobody does not exist"))
                .expectNoEvents();
    }

    @Test
    void anAuditorAccountCannotReceiveCredits() {
        fixture.givenNoPriorActivity()
                .when(new IssueCredits(BATCH, PROJECT, VINTAGE_START, VINTAGE_END, 1000, AUDITOR, List.of(),
                        false, ADMIN))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("is an AUDITOR account and cannot hold credits"))
                .expectNoEvents();
    }

    @Test
    void aRefusedIssuanceReservesNoSerials() {
        fixture.givenNoPriorActivity()
                .when(issueLabelled(List.of("CORSIA")))
                .expectException(refused(UNPROCESSABLE))
                .expectNoEvents();
        assertThat(serialNumbers.next()).isEqualTo(1);
    }

    @Test
    void aVintageNeedsAStartAndAnEnd() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(null, VINTAGE_END))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("vintageStart and vintageEnd are required"))
                .expectNoEvents();
    }

    @Test
    void aVintageNeedsAnEnd() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(VINTAGE_START, null))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("vintageStart and vintageEnd are required"))
                .expectNoEvents();
    }

    @Test
    void aVintageDoesNotEndBeforeItStarts() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(LocalDate.of(2023, 6, 1), LocalDate.of(2023, 5, 31)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("vintageEnd 2023-05-31 is before vintageStart 2023-06-01"))
                .expectNoEvents();
    }

    @Test
    void aVintageOfOneDayIsAccepted() {
        LocalDate day = LocalDate.of(2023, 6, 1);
        fixture.givenNoPriorActivity()
                .when(issueVintage(day, day))
                .expectEvents(issuedEvent(1000, day, day, SERIAL_PREFIX, List.of(), block(1, 1000)));
    }

    @Test
    void aVintageMayEndToday() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(LocalDate.of(2026, 1, 1), TODAY))
                .expectEvents(issuedEvent(1000, LocalDate.of(2026, 1, 1), TODAY, "VCS-3F2A9C1E-2026", List.of(),
                        block(1, 1000)));
    }

    @Test
    void aVintageCannotEndInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(LocalDate.of(2026, 1, 1), TODAY.plusDays(1)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("vintageEnd 2026-03-05 is in the future"))
                .expectNoEvents();
    }

    @Test
    void aVintageMayStartIn1990() {
        LocalDate start = LocalDate.of(1990, 1, 1);
        fixture.givenNoPriorActivity()
                .when(issueVintage(start, LocalDate.of(1990, 12, 31)))
                .expectEvents(issuedEvent(1000, start, LocalDate.of(1990, 12, 31), "VCS-3F2A9C1E-1990", List.of(),
                        block(1, 1000)));
    }

    @Test
    void aVintageCannotStartBefore1990() {
        fixture.givenNoPriorActivity()
                .when(issueVintage(LocalDate.of(1989, 12, 31), LocalDate.of(1990, 12, 31)))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("vintageStart must not be before 1990"))
                .expectNoEvents();
    }

    @Test
    void labelsAreKeptInOrderWithoutDuplicates() {
        fixture.givenNoPriorActivity()
                .when(issueLabelled(List.of("CORSIA_ELIGIBLE", "CCP", "CORSIA_ELIGIBLE", "ARTICLE6_AUTHORIZED")))
                .expectEvents(issuedEvent(1000, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX,
                        List.of("CORSIA_ELIGIBLE", "CCP", "ARTICLE6_AUTHORIZED"), block(1, 1000)));
    }

    @Test
    void noLabelsMeansAnEmptyList() {
        fixture.givenNoPriorActivity()
                .when(issueLabelled(null))
                .expectEvents(issuedEvent(1000, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX, List.of(),
                        block(1, 1000)));
    }

    @Test
    void aProgrammeDefinedLabelMayBeUsedOnceRegistered() {
        var labels = new TestLabels().add(new LabelRegistered(id(9), FixedStamps.NOW, "PURO_BIOCHAR",
                "Puro.earth biochar methodology"));
        fixture = Batches.fixture(serialNumbers, labels);
        fixture.givenNoPriorActivity()
                .when(issueLabelled(List.of("CCP", "PURO_BIOCHAR")))
                .expectEvents(issuedEvent(1000, VINTAGE_START, VINTAGE_END, SERIAL_PREFIX,
                        List.of("CCP", "PURO_BIOCHAR"), block(1, 1000)));
    }

    /** Free-form labels of batches issued before the vocabulary (e.g. CORSIA) are not accepted any more. */
    @ParameterizedTest
    @ValueSource(strings = {"CORSIA", "PURO_BIOCHAR", "ccp", "Article 6.4", ""})
    void aLabelOutsideTheVocabularyIsRefusedNamingItAndWhereTheVocabularyIs(String label) {
        fixture.givenNoPriorActivity()
                .when(issueLabelled(List.of("CCP", label)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("label '" + label + "' is not in the registry's label vocabulary"))
                .expectExceptionMessage(containsString("GET /api/labels"))
                .expectNoEvents();
        assertThat(serialNumbers.next()).isEqualTo(1);
    }

    /**
     * A batch issued before the vocabulary replays from its events as it was signed: the rule is checked when
     * credits are issued, never when events are loaded, so its free-form labels do not stop it moving.
     */
    @Test
    void aBatchIssuedWithFreeFormLabelsBeforeTheVocabularyStillLoadsAndMoves() {
        var before = new CreditsIssued(Batches.earlier(0), Batches.EARLIER, BATCH, PROJECT, Standard.VCS, "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, VINTAGE_START, VINTAGE_END, 1000, DEVELOPER,
                SERIAL_PREFIX, List.of(block(1, 1000)), List.of("CORSIA", "Article 6.4"), false);
        fixture.given(before)
                .when(new TransferCredits(BATCH, DEVELOPER, BUYER, 10, Batches.holderOf(DEVELOPER)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new org.carbonregistry.events.CreditsTransferred(id(1), FixedStamps.NOW, BATCH,
                        DEVELOPER, BUYER, 10, List.of(block(1, 10))));
    }

    @Test
    void aLabelCannotBeNull() {
        fixture.givenNoPriorActivity()
                .when(issueLabelled(Arrays.asList("CCP", null)))
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("label 'null' is not in"))
                .expectNoEvents();
    }
}
