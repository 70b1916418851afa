package org.carbonregistry.ledger.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web console is served by registry-service, another origin: its verify page fetches proofs, checkpoints and
 * the public key from here. Reads only, from any origin, never with cookies (proofs are public).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleCors implements WebMvcConfigurer {

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        // The tiled log (/log/**) too: tlog-tiles clients in a browser read it like any static log.
        for (String paths : new String[] {"/api/**", "/log/**"}) {
            registry.addMapping(paths)
                    .allowedOrigins("*")
                    .allowedMethods("GET")
                    .allowedHeaders("Authorization", "Accept")
                    .exposedHeaders("Retry-After")
                    .allowCredentials(false)
                    .maxAge(3600);
        }
    }
}
