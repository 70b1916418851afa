package org.carbonregistry.reporting.serial;

import org.carbonregistry.reporting.ledger.LedgerClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class SerialConfiguration {

    @Bean
    SerialHistories serialHistories(JdbcTemplate jdbc, LedgerClient ledger) {
        return new SerialHistories(new SerialQueries(jdbc), ledger);
    }
}
