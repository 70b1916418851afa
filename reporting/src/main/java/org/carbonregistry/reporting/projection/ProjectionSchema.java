package org.carbonregistry.reporting.projection;

import org.carbonregistry.access.SchemaLock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

import javax.sql.DataSource;

/**
 * Creates the projection tables if they do not exist; the same DDL serves H2 and PostgreSQL. Instances starting
 * together over one fresh database take turns ({@link SchemaLock}).
 */
public final class ProjectionSchema {

    private static final String SCRIPT = "org/carbonregistry/reporting/projection/schema.sql";

    private ProjectionSchema() {
    }

    public static void create(DataSource dataSource) {
        SchemaLock.create(dataSource, "reporting schema",
                connection -> ScriptUtils.executeSqlScript(connection, new ClassPathResource(SCRIPT)));
    }
}
