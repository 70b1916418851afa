package org.carbonregistry.registry.api;

import org.carbonregistry.registry.testing.RunningRegistry;
import org.carbonregistry.registry.testing.Scenarios;
import org.junit.jupiter.api.Test;

/** The walk-through a new user makes: issue, transfer, retire, then read the batch and the holdings. */
class RegistryApiIT extends RunningRegistry {

    @Test
    void issuesTransfersAndRetiresCredits() {
        Scenarios.issueTransferRetire(api, ADMIN_KEY);
    }
}
