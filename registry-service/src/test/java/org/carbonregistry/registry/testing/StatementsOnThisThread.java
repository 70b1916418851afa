package org.carbonregistry.registry.testing;

import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that Hibernate prepares on the calling thread while a task runs: a test counts what one command group asks
 * of the database, unmixed with the statements of the event processors' threads.
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementsOnThisThread {

    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    /** The statements prepared on this thread while {@code task} ran, in order. */
    public static List<String> during(Runnable task) {
        List<String> statements = new ArrayList<>();
        RECORDING.set(statements);
        try {
            task.run();
        } finally {
            RECORDING.remove();
        }
        return statements;
    }

    @Bean
    HibernatePropertiesCustomizer recordStatementsOnThisThread() {
        StatementInspector inspector = sql -> {
            List<String> statements = RECORDING.get();
            if (statements != null) {
                statements.add(sql);
            }
            return sql;
        };
        return properties -> properties.put("hibernate.session_factory.statement_inspector", inspector);
    }
}
