package org.carbonregistry.reporting.claim;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class ClaimConfiguration {

    @Bean
    ClaimQueries claimQueries(JdbcTemplate jdbc) {
        return new ClaimQueries(jdbc);
    }
}
