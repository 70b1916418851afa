package org.carbonregistry.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Checks API keys with the registry ({@code POST /api/auth/introspect}, RFC 7662 style) and remembers each answer
 * for a short while (a Caffeine cache), so that a report does not cost a round trip per request and a revoked key
 * stops working within {@code ttl}. Answers are cached under the key's SHA-256, never the key itself; nothing is
 * stored on disk. The asking service (reporting, ledger-anchor) presents its own {@code SERVICE} key to the registry
 * (RFC 7662 section 2.1).
 */
public class ApiKeyIntrospection {

    private static final int MAX_CACHED = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI introspectionUri;
    private final String serviceKey;
    private final String serviceKeySetting;
    private final HttpClient http;
    private final Cache<String, Optional<Caller>> cache;

    /**
     * @param serviceKey        the asking service's key with role SERVICE, sent as {@code Authorization: Bearer};
     *                          blank sends none
     * @param serviceKeySetting where that key is configured (e.g. {@code REPORTING_SERVICE_KEY}), named when the
     *                          registry refuses it
     * @param ticker            the cache's clock ({@link Ticker#systemTicker()}; a fake one in tests)
     */
    public ApiKeyIntrospection(URI registryUrl, String serviceKey, String serviceKeySetting, Duration ttl, Ticker ticker) {
        this.introspectionUri = registryUrl.resolve("/api/auth/introspect");
        this.serviceKey = serviceKey == null || serviceKey.isBlank() ? null : serviceKey.strip();
        this.serviceKeySetting = serviceKeySetting;
        if (this.serviceKey == null) {
            // System.Logger: no logging dependency here; Spring Boot routes it to the service's log.
            System.getLogger(ApiKeyIntrospection.class.getName()).log(System.Logger.Level.WARNING, serviceKeySetting
                    + " is not set: the registry answers introspection only to a key with role SERVICE, so every API"
                    + " key will be refused");
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(MAX_CACHED).ticker(ticker).build();
    }

    /**
     * The caller the key belongs to, or empty for a key the registry does not know or has revoked.
     *
     * @throws RegistryUnavailable when the registry cannot be asked
     */
    public Optional<Caller> introspect(String key) throws RegistryUnavailable {
        String fingerprint = sha256(key);
        Optional<Caller> cached = cache.getIfPresent(fingerprint);
        if (cached != null) {
            return cached;
        }
        // Not cache.get(key, loader): a failure to ask must not be cached, and must leave as RegistryUnavailable.
        Optional<Caller> caller = ask(key);
        cache.put(fingerprint, caller);
        return caller;
    }

    private Optional<Caller> ask(String key) throws RegistryUnavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(introspectionUri)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(key, StandardCharsets.UTF_8)));
        if (serviceKey != null) {
            request.header("Authorization", "Bearer " + serviceKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnavailable("the registry at " + introspectionUri + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailable("interrupted while asking the registry", e);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new RegistryUnavailable("the registry refused this service's key (HTTP " + response.statusCode()
                    + "): set " + serviceKeySetting + " to a key with role SERVICE", null);
        }
        if (response.statusCode() != 200) {
            throw new RegistryUnavailable("the registry answered HTTP " + response.statusCode() + " to introspection", null);
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            if (!answer.path("active").asBoolean(false)) {
                return Optional.empty();
            }
            return Optional.of(new Caller(answer.path("accountId").asText(), Role.valueOf(answer.path("role").asText()),
                    answer.path("keyId").asText(null)));
        } catch (IOException | IllegalArgumentException e) {
            throw new RegistryUnavailable("the registry's introspection answer is not understood: " + e.getMessage(), e);
        }
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The registry could not vouch for or against a key. */
    public static final class RegistryUnavailable extends Exception {
        RegistryUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
