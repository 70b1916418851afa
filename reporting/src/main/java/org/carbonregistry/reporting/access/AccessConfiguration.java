package org.carbonregistry.reporting.access;

import org.carbonregistry.reporting.ReportingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    ApiKeyIntrospection apiKeyIntrospection(ReportingProperties properties) {
        return new ApiKeyIntrospection(properties.registryUrl(), properties.keyCacheTtl(), Clock.systemUTC());
    }

    @Bean
    AccessPolicy accessPolicy(ApiKeyIntrospection introspection) {
        return new AccessPolicy(introspection);
    }
}
