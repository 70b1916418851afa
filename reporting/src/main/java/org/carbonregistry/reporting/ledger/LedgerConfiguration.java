package org.carbonregistry.reporting.ledger;

import org.carbonregistry.reporting.ReportingProperties;
import org.carbonregistry.ledger.checkpoint.NoteVerifier;
import org.carbonregistry.reporting.trust.TrustedKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    @Bean
    LedgerClient ledgerClient(ReportingProperties properties, TrustedKeys<NoteVerifier> ledgerKeys) {
        return new LedgerClient(properties.ledgerUrl(), Duration.ofSeconds(3), ledgerKeys);
    }
}
