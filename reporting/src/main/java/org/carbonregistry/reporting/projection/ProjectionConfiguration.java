package org.carbonregistry.reporting.projection;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.carbonregistry.reporting.ReportingProperties;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataIngest;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.reporting.trust.TrustedKeys;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    /** Before the pool opens its first connection. */
    @Bean
    static BeanPostProcessor projectionDatabaseTuning() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof HikariDataSource pool) {
                    ProjectionDatabase.tune(pool);
                }
                return bean;
            }
        };
    }

    @Bean
    JdbcProjectionStore projectionStore(DataSource dataSource, JdbcTemplate jdbc) {
        ProjectionSchema.create(dataSource);
        return new JdbcProjectionStore(jdbc);
    }

    @Bean
    PersonalDataStore personalDataStore(JdbcProjectionStore schemaFirst, JdbcTemplate jdbc) {
        return new PersonalDataStore(jdbc);
    }

    @Bean
    PersonalDataCounters personalDataCounters(MeterRegistry meters) {
        return new PersonalDataCounters(meters);
    }

    @Bean
    PersonalDataIngest personalDataIngest(PersonalDataStore store, TransactionTemplate transactions,
                                          PersonalDataCounters counters) {
        return new PersonalDataIngest(store, transactions, counters);
    }

    @Bean
    ProjectionIngest projectionIngest(JdbcProjectionStore store, TransactionTemplate transactions,
                                      ReportingProperties properties, TrustedKeys<EnvelopeVerifier> registryKeys,
                                      PersonalDataStore personalData, PersonalDataCounters counters,
                                      MeterRegistry meters) {
        return new ProjectionIngest(store, transactions, properties.kafka().topic(), registryKeys, personalData,
                counters, meters);
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
    RegistryEventsConsumer registryEventsConsumer(ProjectionIngest ingest, PersonalDataIngest personalData,
                                                  JdbcProjectionStore store, TransactionTemplate transactions,
                                                  TopicInspector inspector, ReportingProperties properties,
                                                  ApplicationArguments arguments) {
        RegistryEventsConsumer consumer = new RegistryEventsConsumer(ingest, personalData, store, transactions,
                inspector, properties.kafka());
        if (arguments.containsOption("replay")) {
            consumer.requestReplay();
        }
        return consumer;
    }
}
