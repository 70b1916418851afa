package org.carbonregistry.reporting.retirement;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class RetirementConfiguration {

    @Bean
    RetirementQueries retirementQueries(JdbcTemplate jdbc) {
        return new RetirementQueries(jdbc);
    }

    @Bean
    RetirementAccess retirementAccess(RetirementQueries retirements) {
        return new RetirementAccess(retirements);
    }
}
