package org.carbonregistry.registry.directory;

import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;

public record ProjectEntry(String projectId, String name, Standard standard, String country,
                           ProjectCategory category, RemovalSink removalSink, String developerAccountId) {
}
