package org.carbonregistry.registry.project;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Actor;
import org.carbonregistry.registry.access.ActorCommand;

public record RegisterProject(@TargetAggregateIdentifier String projectId, String name, Standard standard,
                              String methodology, String country, ProjectCategory category,
                              RemovalSink removalSink, String type, String developerAccountId,
                              Actor actor, BenefitType benefitType) implements ActorCommand {

    /** Without a benefit type: the default for the category. */
    public RegisterProject(String projectId, String name, Standard standard, String methodology, String country,
                           ProjectCategory category, RemovalSink removalSink, String type, String developerAccountId,
                           Actor actor) {
        this(projectId, name, standard, methodology, country, category, removalSink, type, developerAccountId, actor,
                null);
    }
}
