package org.carbonregistry.reporting.access;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks API keys with the registry ({@code POST /api/auth/introspect}, RFC 7662 style) and remembers each answer
 * for a short while, so that a report does not cost a round trip per request and a revoked key stops working
 * within {@code ttl}. Answers are cached under the key's SHA-256, never the key itself; nothing is stored on disk.
 */
public class ApiKeyIntrospection {

    private static final int MAX_CACHED = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI introspectionUri;
    private final Duration ttl;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, Instant expires) {
    }

    public ApiKeyIntrospection(URI registryUrl, Duration ttl, Clock clock) {
        this.introspectionUri = registryUrl.resolve("/api/auth/introspect");
        this.ttl = ttl;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    }

    /**
     * The caller the key belongs to, or empty for a key the registry does not know or has revoked.
     *
     * @throws RegistryUnavailable when the registry cannot be asked
     */
    public Optional<Caller> introspect(String key) throws RegistryUnavailable {
        String fingerprint = sha256(key);
        Instant now = clock.instant();
        Cached cached = cache.get(fingerprint);
        if (cached != null && now.isBefore(cached.expires())) {
            return cached.caller();
        }
        Optional<Caller> caller = ask(key);
        if (cache.size() >= MAX_CACHED) {
            cache.entrySet().removeIf(entry -> !now.isBefore(entry.getValue().expires()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(fingerprint, new Cached(caller, now.plus(ttl)));
        return caller;
    }

    private Optional<Caller> ask(String key) throws RegistryUnavailable {
        HttpRequest request = HttpRequest.newBuilder(introspectionUri)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RegistryUnavailable("the registry at " + introspectionUri + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailable("interrupted while asking the registry", e);
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
