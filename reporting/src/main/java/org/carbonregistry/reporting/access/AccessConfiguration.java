package org.carbonregistry.reporting.access;

import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.ActuatorAccess;
import org.carbonregistry.access.ApiKeyIntrospection;
import org.carbonregistry.reporting.ReportingProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.LoggerFactory;

/** Reporting's callers, checked with the registry (service-access): its own key is {@code REPORTING_SERVICE_KEY}. */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    ApiKeyIntrospection apiKeyIntrospection(ReportingProperties properties) {
        ApiKeyIntrospection introspection = new ApiKeyIntrospection(properties.registryUrl(), properties.serviceKey(),
                "REPORTING_SERVICE_KEY", properties.keyCacheTtl(), Ticker.systemTicker());
        if (!introspection.hasServiceKey()) {
            LoggerFactory.getLogger(AccessConfiguration.class).warn("REPORTING_SERVICE_KEY is not set: the registry"
                    + " answers introspection only to a key with role SERVICE, so every API key will be refused");
        }
        return introspection;
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
