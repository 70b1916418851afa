package org.carbonregistry.registry.eventstore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.orm.jpa.EntityManagerFactoryDependsOnPostProcessor;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An event store created before global indexes came one at a time (META-INF/orm.xml) has a sequence that steps
 * by 50, which Hibernate refuses to start with: its increment becomes 1 here, before Hibernate starts, without
 * a migration tool. A new database gets the sequence from Hibernate, already stepping by 1. Stop every instance
 * of the older version first: one still taking blocks of 50 would collide with the new indexes.
 */
@Component
class GlobalIndexSequence implements InitializingBean {

    static final String NAME = "domain_event_entry_seq";
    private static final Logger log = LoggerFactory.getLogger(GlobalIndexSequence.class);

    private final DataSource dataSource;

    GlobalIndexSequence(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Long increment = increment(connection);
            if (increment != null && increment != 1) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("alter sequence " + NAME + " increment by 1");
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                log.info("global index sequence {} now steps by 1 (it stepped by {})", NAME, increment);
            }
        }
    }

    /** The sequence's increment in the connection's schema, or null while there is no such sequence. */
    static Long increment(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select increment from information_schema.sequences"
                     + " where lower(sequence_name) = '" + NAME + "'"
                     + " and lower(sequence_schema) = lower(current_schema)")) {
            return result.next() ? Long.parseLong(result.getString(1).trim()) : null;
        }
    }

    /** Hibernate checks the sequence's increment against the mapping when it starts, so this runs first. */
    @Component
    static class BeforeHibernate extends EntityManagerFactoryDependsOnPostProcessor {
        BeforeHibernate() {
            super(GlobalIndexSequence.class);
        }
    }
}
