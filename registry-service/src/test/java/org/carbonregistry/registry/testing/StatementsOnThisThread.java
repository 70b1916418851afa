package org.carbonregistry.registry.testing;

import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** How many of {@code statements} select from {@code table}. */
    public static long readsOf(List<String> statements, String table) {
        return statements.stream().map(sql -> sql.toLowerCase(Locale.ROOT))
                .filter(sql -> sql.startsWith("select") && sql.contains(" from " + table + " ")).count();
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
