package org.carbonregistry.registry.testing;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Makes this Spring context a token owner of its own. Axon names a token's owner after the JVM ({@code pid@host});
 * two test contexts in one JVM over one event store (the shared H2 database, or {@code REGISTRY_DB_URL}) would
 * both "own" the Kafka publisher's token and publish every event twice. Separate processes, as in production,
 * never share a name.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DistinctTokenOwner {

    @Bean
    TokenStore tokenStore(EntityManagerProvider entityManagerProvider, @Qualifier("serializer") Serializer serializer) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .build();
    }
}
