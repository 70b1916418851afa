package org.carbonregistry.registry.directory;

import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;

public record ProjectEntry(String projectId, String name, Standard standard, String country,
                           ProjectCategory category, RemovalSink removalSink, String developerAccountId,
                           BenefitType benefitType) {

    /** A project of the default benefit type for its category. */
    public ProjectEntry(String projectId, String name, Standard standard, String country, ProjectCategory category,
                        RemovalSink removalSink, String developerAccountId) {
        this(projectId, name, standard, country, category, removalSink, developerAccountId,
                BenefitType.defaultFor(category));
    }
}
