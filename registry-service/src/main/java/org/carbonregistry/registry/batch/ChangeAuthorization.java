package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.commandqueue.GroupCommitted;

public record ChangeAuthorization(@TargetAggregateIdentifier String batchId, Article6Authorization authorization,
                                  String authorizationId, String hostParty, String reason, Actor actor)
        implements ActorCommand, GroupCommitted {
}
