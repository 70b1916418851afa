package org.carbonregistry.registry.eventstore;

import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A registry-service started with a gap timeout not longer than twice the command timeout does not start. */
@ExtendWith(SharedKafka.Extension.class)
class TimeoutRelationIT {

    @Test
    void theStartIsRefusedWithAMessageNamingBothSettings() throws Exception {
        try (RegistryInstances instances = RegistryInstances.create()) {
            assertThatThrownBy(() -> instances.start(Map.of("registry.command.transaction-timeout", "40s",
                    "registry.publishing.gap-timeout", "60s")))
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("REGISTRY_GAP_TIMEOUT (60000 ms) must be longer than twice"
                            + " REGISTRY_COMMAND_TIMEOUT (2 x 40000 ms)");
        }
    }
}
