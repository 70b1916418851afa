package org.carbonregistry.registry.access;

import org.carbonregistry.registry.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Reads of the public registry (projects, batch totals and status, retirements, the registry's key) need no key;
 * everything else needs one. Who holds what is filtered by the key in the controllers; what a key may change is a
 * registry rule, decided by the aggregates (and reported as 403 from there).
 */
@Configuration
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, Problems problems) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/api/batches", "/api/batches/**", "/api/projects",
                                "/api/projects/**", "/api/registry-key", "/api/labels").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/console", "/console/**").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/auth/introspect").hasRole(Role.SERVICE.name())
                        // status for anyone (probes, load balancers); details only for REGISTRY_ADMIN and AUDITOR
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole(Role.REGISTRY_ADMIN.name(), Role.AUDITOR.name())
                        .requestMatchers("/v3/api-docs/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            problems.write(response, HttpStatus.UNAUTHORIZED,
                                    "an API key is required: send 'Authorization: Bearer <api key>'");
                        })
                        .accessDeniedHandler((request, response, ex) ->
                                problems.write(response, HttpStatus.FORBIDDEN, "this key may not do that")))
                .build();
    }

    /**
     * No observations of the security chain. Switching them off by name (management.observations.enable) still left
     * every one of the chain's filters wrapped in a decorator that creates a no-op observation per request: 1.5 % of
     * registry-service's CPU under retirements (bench/stack-load with async-profiler). Request metrics
     * (http.server.requests) stay.
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** No user store: keys are the only credentials. Declared so Boot does not create a default user. */
    @Bean
    UserDetailsService noUsers() {
        return new InMemoryUserDetailsManager();
    }
}
