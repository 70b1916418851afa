package org.carbonregistry.reporting.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console is served by registry-service, another origin: its pages read reports, retirements and
 * certificates from here with the account's API key in the Authorization header. Reads only, from any origin,
 * never with cookies (the key is the only credential, and the page sends it explicitly).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleCors implements WebMvcConfigurer {

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        registry.addMapping("/api/**")
                .allowedOrigins("*")
                .allowedMethods("GET")
                .allowedHeaders("Authorization", "Accept")
                .exposedHeaders("Content-Disposition", "X-Ledger-Status", "Retry-After")
                .allowCredentials(false)
                .maxAge(3600);
    }
}
