package org.carbonregistry.reporting.access;

import org.carbonregistry.reporting.ReportingProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.github.benmanes.caffeine.cache.Ticker;
import org.slf4j.LoggerFactory;

@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    ApiKeyIntrospection apiKeyIntrospection(ReportingProperties properties) {
        ApiKeyIntrospection introspection = new ApiKeyIntrospection(properties.registryUrl(), properties.serviceKey(),
                properties.keyCacheTtl(), Ticker.systemTicker());
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

    @Bean
    FilterRegistrationBean<ActuatorAccess> actuatorAccess(AccessPolicy access) {
        FilterRegistrationBean<ActuatorAccess> registration = new FilterRegistrationBean<>(new ActuatorAccess(access));
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }
}
