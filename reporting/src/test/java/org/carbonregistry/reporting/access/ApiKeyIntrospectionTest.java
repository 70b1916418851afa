package org.carbonregistry.reporting.access;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against an HTTP endpoint that answers as registry-service's {@code POST /api/auth/introspect} does. */
class ApiKeyIntrospectionTest {

    private HttpServer registry;
    private final List<String> tokensAsked = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/api/auth/introspect", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = URLDecoder.decode(form.substring("token=".length()), StandardCharsets.UTF_8);
            tokensAsked.add(token);
            String body = switch (token) {
                case "crk_holder" -> "{\"active\":true,\"accountId\":\"acct-1\",\"role\":\"ACCOUNT_HOLDER\",\"keyId\":\"k1\"}";
                case "crk_auditor" -> "{\"active\":true,\"accountId\":\"audit\",\"role\":\"AUDITOR\",\"keyId\":\"k2\"}";
                default -> "{\"active\":false}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    private ApiKeyIntrospection introspection() {
        return new ApiKeyIntrospection(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()),
                Duration.ofSeconds(30), clock);
    }

    @Test
    void aKeyIsAskedAboutOnceWithinTheCacheTimeAndAgainAfterIt() throws Exception {
        ApiKeyIntrospection introspection = introspection();

        assertThat(introspection.introspect("crk_holder")).contains(new Caller("acct-1", Role.ACCOUNT_HOLDER, "k1"));
        clock.advance(Duration.ofSeconds(29));
        assertThat(introspection.introspect("crk_holder")).isPresent();
        assertThat(tokensAsked).containsExactly("crk_holder");

        clock.advance(Duration.ofSeconds(2));
        assertThat(introspection.introspect("crk_holder")).isPresent();
        assertThat(tokensAsked).containsExactly("crk_holder", "crk_holder");
    }

    @Test
    void unknownKeysAreInactiveAndCachedToo() throws Exception {
        ApiKeyIntrospection introspection = introspection();

        assertThat(introspection.introspect("crk_revoked")).isEqualTo(Optional.empty());
        assertThat(introspection.introspect("crk_revoked")).isEqualTo(Optional.empty());
        assertThat(tokensAsked).containsExactly("crk_revoked");
    }

    @Test
    void rolesDecideWhatACallerReads() throws Exception {
        ApiKeyIntrospection introspection = introspection();

        Caller holder = introspection.introspect("crk_holder").orElseThrow();
        Caller auditor = introspection.introspect("crk_auditor").orElseThrow();

        assertThat(holder.canRead("acct-1")).isTrue();
        assertThat(holder.canRead("acct-2")).isFalse();
        assertThat(auditor.canRead("acct-2")).isTrue();
    }

    @Test
    void anUnreachableRegistryIsAnErrorNotAnAnswer() {
        registry.stop(0);
        ApiKeyIntrospection introspection = introspection();

        assertThatThrownBy(() -> introspection.introspect("crk_holder"))
                .isInstanceOf(ApiKeyIntrospection.RegistryUnavailable.class)
                .hasMessageContaining("cannot be reached");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
