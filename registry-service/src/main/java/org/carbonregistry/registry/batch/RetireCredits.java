package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

/** {@code jurisdiction} may be null: the claim is then made in the retiring account's jurisdiction. */
public record RetireCredits(@TargetAggregateIdentifier String batchId, String account, long quantity,
                            String beneficiary, String purpose, int reportingYear, String jurisdiction,
                            Actor actor) implements ActorCommand {
}
