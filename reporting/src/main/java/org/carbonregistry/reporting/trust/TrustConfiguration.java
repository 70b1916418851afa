package org.carbonregistry.reporting.trust;

import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
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
    TrustedKeys<EnvelopeVerifier> registryKeys(ReportingProperties properties, PinnedKeys pinned) {
        return TrustedKeys.registry(properties.registryVerifierKeys(), properties.registryUrl(), pinned);
    }

    @Bean
    TrustedKeys<NoteVerifier> ledgerKeys(ReportingProperties properties, PinnedKeys pinned) {
        return TrustedKeys.ledger(properties.ledgerPublicKey(), properties.ledgerUrl(), pinned);
    }
}
