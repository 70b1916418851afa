package org.carbonregistry.reporting.plan;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class PlanConfiguration {

    @Bean
    PlanQueries planQueries(JdbcTemplate jdbc) {
        return new PlanQueries(jdbc);
    }
}
