package org.carbonregistry.events;

/** Events of one account: its opening, and what it plans and claims with its retirements. */
public sealed interface AccountEvent extends RegistryEvent
        permits AccountOpened, RetirementPlanned, RetirementPlanWithdrawn, ClaimMade {

    String accountId();
}
