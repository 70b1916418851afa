package org.carbonregistry.registry.account;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.carbonregistry.events.AccountOpened;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.Role;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.testing.FixedStamps;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.carbonregistry.registry.rules.CommandRefused.Kind.FORBIDDEN;
import static org.carbonregistry.registry.rules.CommandRefused.Kind.INVALID;
import static org.carbonregistry.registry.testing.FixedStamps.id;
import static org.carbonregistry.registry.testing.Refusals.refused;
import static org.hamcrest.Matchers.containsString;

class OpeningAccountsTest {

    private static final Actor ADMIN = new Actor("acc-registry", Role.REGISTRY_ADMIN);

    private AggregateTestFixture<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(new FixedStamps());
    }

    @ParameterizedTest
    @EnumSource(AccountType.class)
    void anAdministratorOpensAnAccountOfEveryType(AccountType type) {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "Acme Steel AG", type, "DE", ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new AccountOpened(id(1), FixedStamps.NOW, "acc-1", "Acme Steel AG", type, "DE"));
    }

    @Test
    void anAccountHolderKeyCannotOpenAccounts() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "Acme", AccountType.CORPORATE, "DE",
                        new Actor("acc-acme", Role.ACCOUNT_HOLDER)))
                .expectException(refused(FORBIDDEN))
                .expectExceptionMessage(containsString("only a registry administrator may open accounts"))
                .expectNoEvents();
    }

    @Test
    void anAuditorKeyCannotOpenAccounts() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "Acme", AccountType.CORPORATE, "DE",
                        new Actor("acc-auditor", Role.AUDITOR)))
                .expectException(refused(FORBIDDEN))
                .expectNoEvents();
    }

    @Test
    void anAccountNeedsAType() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "Acme", null, "DE", ADMIN))
                .expectException(CommandRefused.class)
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("type must be one of"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void anAccountNeedsAName(String name) {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", name, AccountType.CORPORATE, "DE", ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("name is required"))
                .expectNoEvents();
    }

    @Test
    void aNameOfAtMost200CharactersIsAccepted() {
        String name = "N".repeat(200);
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", name, AccountType.CORPORATE, "DE", ADMIN))
                .expectEvents(new AccountOpened(id(1), FixedStamps.NOW, "acc-1", name, AccountType.CORPORATE, "DE"));
    }

    @Test
    void aNameLongerThan200CharactersIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "N".repeat(201), AccountType.CORPORATE, "DE", ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("name must be at most 200 characters"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "de", "DEU", "XX", "EU"})
    void theJurisdictionMustBeAnIsoCountryCode(String jurisdiction) {
        fixture.givenNoPriorActivity()
                .when(new OpenAccount("acc-1", "Acme", AccountType.CORPORATE, jurisdiction, ADMIN))
                .expectException(refused(INVALID))
                .expectExceptionMessage(containsString("jurisdiction must be an ISO 3166-1 alpha-2 country code"))
                .expectNoEvents();
    }
}
