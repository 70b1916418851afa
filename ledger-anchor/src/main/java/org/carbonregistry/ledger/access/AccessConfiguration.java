package org.carbonregistry.ledger.access;

import com.github.benmanes.caffeine.cache.Ticker;
import java.net.URI;
import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.ActuatorAccess;
import org.carbonregistry.access.ApiKeyIntrospection;
import org.carbonregistry.ledger.LedgerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The actuator beyond the health status is for administrators and auditors, as in the other services; proofs,
 * checkpoints, leaves and the rest of the API stay public. Keys are checked with the registry (service-access),
 * presenting the ledger's own SERVICE key, {@code LEDGER_SERVICE_KEY}.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    ApiKeyIntrospection apiKeyIntrospection(LedgerProperties properties) {
        return new ApiKeyIntrospection(URI.create(properties.registry().url()), properties.access().serviceKey(),
                "LEDGER_SERVICE_KEY", properties.access().keyCacheTtl(), Ticker.systemTicker());
    }

    /** A Filter bean: Boot registers it for every path, it acts on /actuator only. */
    @Bean
    ActuatorAccess actuatorAccess(ApiKeyIntrospection introspection) {
        return new ActuatorAccess(new AccessPolicy(introspection));
    }
}
