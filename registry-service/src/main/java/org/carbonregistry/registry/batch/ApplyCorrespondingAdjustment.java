package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.commandqueue.GroupCommitted;

/** Moves the corresponding adjustment to {@code status}; only {@code APPLIED} is a move the registry records. */
public record ApplyCorrespondingAdjustment(@TargetAggregateIdentifier String batchId,
                                           CorrespondingAdjustmentStatus status, String reference, Actor actor)
        implements ActorCommand, GroupCommitted {
}
