package org.carbonregistry.reporting.projection;

import org.carbonregistry.reporting.ReportingProperties;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Bean
    JdbcProjectionStore projectionStore(DataSource dataSource, JdbcTemplate jdbc) {
        ProjectionSchema.create(dataSource);
        return new JdbcProjectionStore(jdbc);
    }

    @Bean
    ProjectionIngest projectionIngest(JdbcProjectionStore store, TransactionTemplate transactions,
                                      ReportingProperties properties) {
        return new ProjectionIngest(store, transactions, properties.kafka().topic());
    }

    @Bean
    ProjectionPositions projectionPositions(JdbcTemplate jdbc, ReportingProperties properties) {
        return new ProjectionPositions(jdbc, properties.kafka().topic());
    }

    @Bean(destroyMethod = "close")
    TopicInspector topicInspector(ReportingProperties properties) {
        return new TopicInspector(properties.kafka().bootstrapServers());
    }

    /** {@code --replay} on the command line: rebuild every projection from offset 0 before consuming on. */
    @Bean
    @ConditionalOnProperty(name = "reporting.kafka.consume", havingValue = "true", matchIfMissing = true)
    RegistryEventsConsumer registryEventsConsumer(ProjectionIngest ingest, JdbcProjectionStore store,
                                                  TransactionTemplate transactions, TopicInspector inspector,
                                                  ReportingProperties properties, ApplicationArguments arguments) {
        RegistryEventsConsumer consumer = new RegistryEventsConsumer(ingest, store, transactions, inspector,
                properties.kafka());
        if (arguments.containsOption("replay")) {
            consumer.requestReplay();
        }
        return consumer;
    }
}
