package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.commandqueue.GroupCommitted;

public record InvalidateBatch(@TargetAggregateIdentifier String batchId, String reason, Actor actor)
        implements ActorCommand, GroupCommitted {
}
