package org.carbonregistry.registry.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;
import org.carbonregistry.registry.access.AdminBootstrap;
import org.carbonregistry.registry.access.Role;

/** The expiry date of a temporary-removal batch has come: what is still held expires. Sent by the registry itself. */
public record ExpireCredits(@TargetAggregateIdentifier String batchId) implements ActorCommand {

    @Override
    public Actor actor() {
        return new Actor(AdminBootstrap.REGISTRY_ACCOUNT, Role.REGISTRY_ADMIN);
    }
}
