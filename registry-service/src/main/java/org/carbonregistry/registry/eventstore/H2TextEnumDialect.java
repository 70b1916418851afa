package org.carbonregistry.registry.eventstore;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.VarcharJdbcType;

/**
 * Enums stored by name are kept in plain {@code varchar} columns, not H2's native {@code ENUM} type: a
 * registry-service restarted after a SIGKILL read such columns back, on its first concurrent requests, as the
 * value's position ("1") instead of its name, and those commands failed. Text reads back as written.
 */
public class H2TextEnumDialect extends H2Dialect {

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry().addDescriptor(SqlTypes.ENUM, VarcharJdbcType.INSTANCE);
    }
}
