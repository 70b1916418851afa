package org.carbonregistry.reporting.web;

import org.carbonregistry.access.ApiDocumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3.1 document at {@code /v3/api-docs}: springdoc reads the controllers, the shared customisation adds the rest. */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("reporting", "ESRS E1-7 and 2026 reports, retirements with their ledger proofs,"
                + " certificates, serial histories and the projection's status.");
    }
}
