package org.carbonregistry.registry.access;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry refuses to start with an administrator key short enough to guess. */
class AdminKeyLengthTest {

    private static AdminBootstrap bootstrapWith(String adminKey) {
        return new AdminBootstrap(null, null, null, adminKey, "", "", "Registry operator", "CH");
    }

    @Test
    void anAdministratorKeyUnder32CharactersStopsTheStart() {
        assertThatThrownBy(() -> bootstrapWith("a".repeat(31)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_ADMIN_KEY is 31 characters long")
                .hasMessageContaining("at least 32");
    }

    @Test
    void anAdministratorKeyOf32CharactersIsAccepted() {
        assertThatCode(() -> bootstrapWith("a".repeat(32))).doesNotThrowAnyException();
    }

    @Test
    void withoutAnAdministratorKeyOneIsGenerated() {
        assertThatCode(() -> bootstrapWith("")).doesNotThrowAnyException();
    }
}
