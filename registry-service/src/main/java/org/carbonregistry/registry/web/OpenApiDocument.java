package org.carbonregistry.registry.web;

import org.carbonregistry.access.ApiDocumentation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3.1 document at {@code /v3/api-docs}: springdoc reads the controllers, the shared customisation adds the rest. */
@Configuration
class OpenApiDocument {

    @Bean
    ApiDocumentation apiDocumentation() {
        return new ApiDocumentation("registry-service", "Accounts, projects, batches and their moves (issue, transfer,"
                + " retire, cancel, freeze), API keys and their introspection.");
    }
}
