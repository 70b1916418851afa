package org.carbonregistry.registry.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

public record WithdrawRetirementPlan(@TargetAggregateIdentifier String accountId, String planId, Actor actor)
        implements ActorCommand {
}
