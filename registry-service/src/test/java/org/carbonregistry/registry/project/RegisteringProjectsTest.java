package org.carbonregistry.registry.project;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.ProjectRegistered;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.UNPROCESSABLE;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class RegisteringProjectsTest {

    private static final Actor ADMIN = new Actor("acc-registry", Role.REGISTRY_ADMIN);
    private static final String DEVELOPER = "acc-developer";
    private static final String PROJECT = "prj-1";

    private AggregateTestFixture<Project> fixture;

    @BeforeEach
    void setUp() {
        var directory = new TestDirectory()
                .add(new AccountEntry("acc-registry", "The Registry", AccountType.REGISTRY, "CH"))
                .add(new AccountEntry(DEVELOPER, "Mata Viva Ltda", AccountType.PROJECT_DEVELOPER, "BR"))
                .add(new AccountEntry("acc-buyer", "Acme Steel AG", AccountType.CORPORATE, "DE"))
                .add(new AccountEntry("acc-auditor", "Audit & Co", AccountType.AUDITOR, "NL"));
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(new FixedStamps());
    }

    private static RegisterProject removal(RemovalSink sink) {
        return new RegisterProject(PROJECT, "Mata Viva reforestation", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, sink, "ARR", DEVELOPER, ADMIN);
    }

    private static RegisterProject reduction() {
        return new RegisterProject(PROJECT, "Cookstoves Kenya", Standard.GS, "GS-TPDDTEC", "KE",
                ProjectCategory.REDUCTION, null, "cookstoves", DEVELOPER, ADMIN);
    }

    @ParameterizedTest
    @EnumSource(RemovalSink.class)
    void anAdministratorRegistersARemovalProjectWithItsSink(RemovalSink sink) {
        fixture.givenNoPriorActivity()
                .when(removal(sink))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProjectRegistered(id(1), FixedStamps.NOW, PROJECT, "Mata Viva reforestation",
                        Standard.VCS, "VM0047", "BR", ProjectCategory.REMOVAL, sink, "ARR", DEVELOPER,
                        BenefitType.PERMANENT_REMOVAL));
    }

    @Test
    void anAdministratorRegistersAReductionProjectWithoutASink() {
        fixture.givenNoPriorActivity()
                .when(reduction())
                .expectEvents(new ProjectRegistered(id(1), FixedStamps.NOW, PROJECT, "Cookstoves Kenya",
                        Standard.GS, "GS-TPDDTEC", "KE", ProjectCategory.REDUCTION, null, "cookstoves", DEVELOPER,
                        BenefitType.REDUCTION));
    }

    @Test
    void theRegistryAccountMayDevelopAProject() {
        var command = new RegisterProject(PROJECT, "Registry pilot", Standard.OTHER, "pilot", "CH",
                ProjectCategory.REDUCTION, null, "pilot", "acc-registry", ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectEvents(new ProjectRegistered(id(1), FixedStamps.NOW, PROJECT, "Registry pilot",
                        Standard.OTHER, "pilot", "CH", ProjectCategory.REDUCTION, null, "pilot", "acc-registry",
                        BenefitType.REDUCTION));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"ACCOUNT_HOLDER", "AUDITOR"})
    void onlyAnAdministratorRegistersProjects(Role role) {
        var command = new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, new Actor(DEVELOPER, role));
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(CommandRefused.class)
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may register projects"))
                .expectNoEvents();
    }

    @Test
    void aRemovalProjectMustNameItsSink() {
        fixture.givenNoPriorActivity()
                .when(removal(null))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("a REMOVAL project must name its removalSink"))
                .expectNoEvents();
    }

    @Test
    void aReductionProjectHasNoSink() {
        var command = new RegisterProject(PROJECT, "Cookstoves Kenya", Standard.GS, "GS-TPDDTEC", "KE",
                ProjectCategory.REDUCTION, RemovalSink.BIOGENIC, "cookstoves", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("a REDUCTION project has no removalSink"))
                .expectNoEvents();
    }

    @Test
    void aProjectNeedsAStandard() {
        var command = new RegisterProject(PROJECT, "Mata Viva", null, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("standard must be one of"))
                .expectNoEvents();
    }

    @Test
    void aProjectNeedsACategory() {
        var command = new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                null, null, "ARR", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("category must be REMOVAL or REDUCTION"))
                .expectNoEvents();
    }

    @Test
    void theDeveloperAccountMustExist() {
        var command = new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", "acc-nobody", ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("developer account acc-nobody does not exist"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"acc-buyer", "acc-auditor"})
    void theDeveloperAccountMustBeAProjectDeveloper(String account) {
        var command = new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", account, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(UNPROCESSABLE))
                .expectExceptionMessage(containsString("not a PROJECT_DEVELOPER"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "br", "BRA", "XX"})
    void theCountryMustBeAnIsoCountryCode(String country) {
        var command = new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", country,
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("country must be an ISO 3166-1 alpha-2 country code"))
                .expectNoEvents();
    }

    @Test
    void aProjectNeedsAName() {
        var command = new RegisterProject(PROJECT, " ", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("name is required"))
                .expectNoEvents();
    }

    @Test
    void aProjectNameIsAtMost200Characters() {
        var command = new RegisterProject(PROJECT, "N".repeat(201), Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN);
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("name must be at most 200 characters"))
                .expectNoEvents();
    }

    @Test
    void aProjectNeedsAMethodology() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, null, "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("methodology is required"))
                .expectNoEvents();
    }

    @Test
    void aMethodologyIsAtMost100Characters() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "M".repeat(101), "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("methodology must be at most 100 characters"))
                .expectNoEvents();
    }

    @Test
    void aProjectNeedsAType() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "", DEVELOPER, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("type is required"))
                .expectNoEvents();
    }

    @Test
    void aProjectTypeIsAtMost100Characters() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProject(PROJECT, "Mata Viva", Standard.VCS, "VM0047", "BR",
                        ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "T".repeat(101), DEVELOPER, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("type must be at most 100 characters"))
                .expectNoEvents();
    }
}
