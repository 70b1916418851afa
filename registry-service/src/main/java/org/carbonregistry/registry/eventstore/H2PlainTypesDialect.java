package org.carbonregistry.registry.eventstore;

import java.sql.Types;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.BlobJdbcType;
import org.hibernate.type.descriptor.jdbc.VarcharJdbcType;

/**
 * H2 with plain column types, for two reasons.
 * <p>
 * Enums stored by name are kept in {@code varchar} columns, not H2's native {@code ENUM} type: a registry-service
 * restarted after a SIGKILL read such columns back, on its first concurrent requests, as the value's position ("1")
 * instead of its name, and those commands failed. Text reads back as written.
 * <p>
 * Axon's payloads, metadata, snapshots and tokens (JPA {@code @Lob}) are {@code varbinary}, not {@code BLOB}: H2
 * keeps BLOBs in a separate LOB store whose clean-up, once tokens are rewritten a few times a second, is asked for
 * at the end of every statement and refused by its busy clean-up thread with an exception each time (a profile of
 * retirements found 8 % of registry-service's CPU there). An event is at most 64 KiB anyway.
 */
public class H2PlainTypesDialect extends H2Dialect {

    @Override
    protected String columnType(int sqlTypeCode) {
        return sqlTypeCode == Types.BLOB ? "varbinary" : super.columnType(sqlTypeCode);
    }

    @Override
    protected String castType(int sqlTypeCode) {
        return sqlTypeCode == Types.BLOB ? "varbinary" : super.castType(sqlTypeCode);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        var jdbcTypes = typeContributions.getTypeConfiguration().getJdbcTypeRegistry();
        jdbcTypes.addDescriptor(SqlTypes.ENUM, VarcharJdbcType.INSTANCE);
        // Still a BLOB to Hibernate (so the column is the type above, not a fixed-length BINARY), bound as bytes.
        jdbcTypes.addDescriptor(Types.BLOB, BlobJdbcType.PRIMITIVE_ARRAY_BINDING);
    }
}
