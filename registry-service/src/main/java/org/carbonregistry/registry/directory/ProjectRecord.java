package org.carbonregistry.registry.directory;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;

@Entity
@Table(name = "directory_project")
class ProjectRecord {

    @Id
    private String projectId;
    private String name;
    @Enumerated(EnumType.STRING)
    private Standard standard;
    private String country;
    @Enumerated(EnumType.STRING)
    private ProjectCategory category;
    @Enumerated(EnumType.STRING)
    private RemovalSink removalSink;
    private String developerAccountId;
    /** null in rows written before benefit types: those read as their category's default */
    @Enumerated(EnumType.STRING)
    private BenefitType benefitType;

    protected ProjectRecord() {
    }

    ProjectRecord(ProjectEntry entry) {
        this.projectId = entry.projectId();
        this.name = entry.name();
        this.standard = entry.standard();
        this.country = entry.country();
        this.category = entry.category();
        this.removalSink = entry.removalSink();
        this.developerAccountId = entry.developerAccountId();
        this.benefitType = entry.benefitType();
    }

    ProjectEntry toEntry() {
        return new ProjectEntry(projectId, name, standard, country, category, removalSink, developerAccountId,
                benefitType != null ? benefitType : BenefitType.defaultFor(category));
    }
}
