package org.carbonregistry.reporting.esrs;

import org.carbonregistry.reporting.ledger.LedgerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class EsrsConfiguration {

    @Bean
    EsrsQueries esrsQueries(JdbcTemplate jdbc) {
        return new EsrsQueries(jdbc);
    }

    @Bean
    PurchasedHoldings purchasedHoldings(JdbcTemplate jdbc) {
        return new PurchasedHoldings(jdbc);
    }

    @Bean
    Esrs2026Writer esrs2026Writer() {
        return new Esrs2026Writer();
    }

    @Bean
    EsrsJsonWriter esrsJsonWriter(LedgerClient ledger) {
        return new EsrsJsonWriter(ledger);
    }

    @Bean
    EsrsCsvWriter esrsCsvWriter(LedgerClient ledger) {
        return new EsrsCsvWriter(ledger);
    }

    @Bean
    EsrsXhtmlWriter esrsXhtmlWriter(LedgerClient ledger) {
        return new EsrsXhtmlWriter(ledger);
    }

    @Bean
    EsrsPdfWriter esrsPdfWriter() {
        return new EsrsPdfWriter();
    }
}
