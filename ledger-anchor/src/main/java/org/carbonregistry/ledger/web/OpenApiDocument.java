package org.carbonregistry.ledger.web;

import org.carbonregistry.access.ApiDocumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3.1 document at {@code /v3/api-docs}: springdoc reads the controllers, the shared customisation adds the rest. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("ledger-anchor", "The registry's transparency log: signed checkpoints, inclusion and"
                + " consistency proofs, leaves, stored nodes, the quarantine and the tlog checkpoint and policy. Public.");
    }
}
