package org.carbonregistry.registry.label;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.LabelRegistered;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.UUID;

import static org.carbonregistry.registry.rules.CommandRefused.Kind.CONFLICT;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class RegisteringLabelsTest {

    private static final Actor ADMIN = new Actor("acc-registry", Role.REGISTRY_ADMIN);
    private static final LabelRegistered BIOCHAR = new LabelRegistered(new UUID(1, 1),
            Instant.parse("2026-01-15T10:00:00.000Z"), "PURO_BIOCHAR", "Puro.earth biochar");

    private AggregateTestFixture<LabelVocabulary> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(LabelVocabulary.class);
        fixture.registerInjectableResource(new FixedStamps());
    }

    @Test
    void anAdministratorRegistersTheFirstLabelWhichCreatesTheVocabulary() {
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel("PURO_BIOCHAR", "Puro.earth biochar", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(new LabelRegistration("PURO_BIOCHAR", "Puro.earth biochar", id(1)))
                .expectEvents(new LabelRegistered(id(1), FixedStamps.NOW, "PURO_BIOCHAR", "Puro.earth biochar"));
    }

    @Test
    void furtherLabelsJoinTheSameVocabulary() {
        fixture.given(BIOCHAR)
                .when(new RegisterLabel("GS_SDG_GOLD", "Gold Standard SDG Impact", ADMIN))
                .expectEvents(new LabelRegistered(id(1), FixedStamps.NOW, "GS_SDG_GOLD", "Gold Standard SDG Impact"));
    }

    @ParameterizedTest
    @EnumSource(value = Role.class, names = "REGISTRY_ADMIN", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnAdministratorRegistersLabels(Role role) {
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel("PURO_BIOCHAR", "Puro.earth biochar", new Actor("acc-someone", role)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void aRegisteredCodeCannotBeRegisteredAgain() {
        fixture.given(BIOCHAR)
                .when(new RegisterLabel("PURO_BIOCHAR", "another description", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("label PURO_BIOCHAR already exists"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"CCP", "CORSIA_ELIGIBLE", "CORSIA_FIRST_PHASE", "ARTICLE6_AUTHORIZED"})
    void aBuiltInCodeCannotBeRegistered(String code) {
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel(code, "mine", ADMIN))
                .expectException(refused(CONFLICT))
                .expectExceptionMessage(containsString("label " + code + " already exists"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X", "puro_biochar", "PURO-BIOCHAR", "PURO BIOCHAR", "ÄRT6",
            "LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL"})
    void aCodeIsTwoToFortyUpperCaseLettersDigitsOrUnderscores(String code) {
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel(code, "a label", ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("code '" + code + "' must be 2-40 upper-case letters"))
                .expectNoEvents();
    }

    @Test
    void aCodeOfFortyCharactersIsAccepted() {
        String code = "L".repeat(40);
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel(code, "long", ADMIN))
                .expectEvents(new LabelRegistered(id(1), FixedStamps.NOW, code, "long"));
    }

    @Test
    void aLabelNeedsADescription() {
        fixture.givenNoPriorActivity()
                .when(new RegisterLabel("PURO_BIOCHAR", " ", ADMIN))
                .expectException(refused(INVALID))
                .expectNoEvents();
    }
}
