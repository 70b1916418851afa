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
import org.carbonregistry.registry.testing.FixedStamps;
import org.carbonregistry.registry.testing.TestDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

/** The EU CRCF benefit type of a project: given at registration, or its category's default. */
class ProjectBenefitTypesTest {

    private static final Actor ADMIN = new Actor("acc-registry", Role.REGISTRY_ADMIN);
    private static final String DEVELOPER = "acc-developer";
    private static final String PROJECT = "prj-1";

    private AggregateTestFixture<Project> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(new TestDirectory()
                .add(new AccountEntry(DEVELOPER, "Mata Viva Ltda", AccountType.PROJECT_DEVELOPER, "BR")));
        fixture.registerInjectableResource(new FixedStamps());
    }

    private static RegisterProject register(ProjectCategory category, RemovalSink sink, BenefitType benefitType) {
        return new RegisterProject(PROJECT, "Soil carbon pilot", Standard.PURO, "soil", "DE", category, sink,
                "soil carbon", DEVELOPER, ADMIN, benefitType);
    }

    private static ProjectRegistered registered(ProjectCategory category, RemovalSink sink, BenefitType benefitType) {
        return new ProjectRegistered(id(1), FixedStamps.NOW, PROJECT, "Soil carbon pilot", Standard.PURO, "soil",
                "DE", category, sink, "soil carbon", DEVELOPER, benefitType);
    }

    @ParameterizedTest
    @CsvSource({"REMOVAL,BIOGENIC,TEMPORARY_REMOVAL", "REMOVAL,TECHNOLOGICAL,PERMANENT_REMOVAL",
            "REDUCTION,,REDUCTION", "REDUCTION,,SOIL_EMISSION_REDUCTION"})
    void aProjectIsRegisteredWithItsBenefitType(ProjectCategory category, RemovalSink sink, BenefitType benefitType) {
        fixture.givenNoPriorActivity()
                .when(register(category, sink, benefitType))
                .expectEvents(registered(category, sink, benefitType));
    }

    @ParameterizedTest
    @CsvSource({"REMOVAL,BIOGENIC,PERMANENT_REMOVAL", "REDUCTION,,REDUCTION"})
    void withoutABenefitTypeAProjectHasItsCategorySDefault(ProjectCategory category, RemovalSink sink,
                                                           BenefitType expected) {
        fixture.givenNoPriorActivity()
                .when(register(category, sink, null))
                .expectEvents(registered(category, sink, expected));
    }

    @ParameterizedTest
    @CsvSource({"REMOVAL,BIOGENIC,REDUCTION", "REMOVAL,BIOGENIC,SOIL_EMISSION_REDUCTION",
            "REDUCTION,,TEMPORARY_REMOVAL", "REDUCTION,,PERMANENT_REMOVAL"})
    void aBenefitTypeOfTheOtherCategoryIsRefused(ProjectCategory category, RemovalSink sink, BenefitType benefitType) {
        fixture.givenNoPriorActivity()
                .when(register(category, sink, benefitType))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("benefitType " + benefitType + " is a "
                        + benefitType.category() + " benefit, but the project's category is " + category))
                .expectNoEvents();
    }

    /** Events written before the field existed read as their category's default. */
    @Test
    void anOldEventWithoutBenefitTypeReadsAsTheDefault() {
        var old = new ProjectRegistered(id(1), FixedStamps.NOW, PROJECT, "Old removal", Standard.VCS, "VM0047", "BR",
                ProjectCategory.REMOVAL, RemovalSink.BIOGENIC, "ARR", DEVELOPER);
        assertThat(old.benefitType()).isNull();
        assertThat(old.benefitTypeOrDefault()).isEqualTo(BenefitType.PERMANENT_REMOVAL);
    }
}
