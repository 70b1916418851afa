package org.carbonregistry.registry.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

public record OpenAccount(@TargetAggregateIdentifier String accountId, String name, AccountType type,
                          String jurisdiction, Actor actor) implements ActorCommand {
}
