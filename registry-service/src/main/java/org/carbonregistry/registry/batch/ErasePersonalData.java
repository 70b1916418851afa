package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

/** Erase the beneficiary and purpose of one retirement of the batch (GDPR Art. 17). */
public record ErasePersonalData(@TargetAggregateIdentifier String batchId, String retirementId, Actor actor)
        implements ActorCommand {
}
