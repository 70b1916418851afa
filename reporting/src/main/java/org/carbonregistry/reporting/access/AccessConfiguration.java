package org.carbonregistry.reporting.access;

import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.ActuatorAccess;
import org.carbonregistry.access.ApiKeyIntrospection;
import org.carbonregistry.reporting.ReportingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.benmanes.caffeine.cache.Ticker;

/** Reporting's callers, checked with the registry (service-access): its own key is {@code REPORTING_SERVICE_KEY}. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    ApiKeyIntrospection apiKeyIntrospection(ReportingProperties properties) {
        return new ApiKeyIntrospection(properties.registryUrl(), properties.serviceKey(), "REPORTING_SERVICE_KEY",
                properties.keyCacheTtl(), Ticker.systemTicker());
    }

    @Bean
    AccessPolicy accessPolicy(ApiKeyIntrospection introspection) {
        return new AccessPolicy(introspection);
    }

    /** A Filter bean: Boot registers it for every path, it acts on /actuator only. */
    @Bean
    ActuatorAccess actuatorAccess(AccessPolicy access) {
        return new ActuatorAccess(access);
    }
}
