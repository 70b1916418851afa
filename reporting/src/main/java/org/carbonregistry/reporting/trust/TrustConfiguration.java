package org.carbonregistry.reporting.trust;

import org.carbonregistry.reporting.ReportingProperties;
import org.carbonregistry.reporting.projection.ProjectionSchema;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

@Configuration(proxyBeanMethods = false)
class TrustConfiguration {

    @Bean
    PinnedKeys pinnedKeys(DataSource dataSource, JdbcTemplate jdbc) {
        ProjectionSchema.create(dataSource);
        return new PinnedKeys(jdbc);
    }

    @Bean
    RegistryKeys registryKeys(ReportingProperties properties, PinnedKeys pinned) {
        return new RegistryKeys(properties.registryVerifierKeys(), properties.registryUrl(), pinned);
    }

    @Bean
    LedgerKeys ledgerKeys(ReportingProperties properties, PinnedKeys pinned) {
        return new LedgerKeys(properties.ledgerPublicKey(), properties.ledgerUrl(), pinned);
    }
}
