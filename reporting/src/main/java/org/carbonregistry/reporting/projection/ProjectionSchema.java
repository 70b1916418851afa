package org.carbonregistry.reporting.projection;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import javax.sql.DataSource;

/** Creates the projection tables if they do not exist; the same DDL serves H2 and PostgreSQL. */
public final class ProjectionSchema {

    private static final String SCRIPT = "org/carbonregistry/reporting/projection/schema.sql";

    private ProjectionSchema() {
    }

    public static void create(DataSource dataSource) {
        new ResourceDatabasePopulator(new ClassPathResource(SCRIPT)).execute(dataSource);
    }
}
