package org.carbonregistry.access;

import com.github.benmanes.caffeine.cache.Ticker;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against an HTTP endpoint that answers as registry-service's {@code POST /api/auth/introspect} does. */
class ApiKeyIntrospectionTest {

    private HttpServer registry;
    private final List<String> tokensAsked = new CopyOnWriteArrayList<>();
    private final FakeTicker ticker = new FakeTicker();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/api/auth/introspect", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = URLDecoder.decode(form.substring("token=".length()), StandardCharsets.UTF_8);
            tokensAsked.add(token);
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            String body = switch (token) {
                case "crk_holder" -> "{\"active\":true,\"accountId\":\"acct-1\",\"role\":\"ACCOUNT_HOLDER\",\"keyId\":\"k1\"}";
                case "crk_auditor" -> "{\"active\":true,\"accountId\":\"audit\",\"role\":\"AUDITOR\",\"keyId\":\"k2\"}";
                default -> "{\"active\":false}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
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
                "crk_reporting-service", "REPORTING_SERVICE_KEY", Duration.ofSeconds(30), ticker);
    }

    @Test
    void aKeyIsAskedAboutOnceWithinTheCacheTimeAndAgainAfterIt() throws Exception {
        ApiKeyIntrospection introspection = introspection();

        assertThat(introspection.introspect("crk_holder")).contains(new Caller("acct-1", Role.ACCOUNT_HOLDER, "k1"));
        ticker.advance(Duration.ofSeconds(29));
        assertThat(introspection.introspect("crk_holder")).isPresent();
        assertThat(tokensAsked).containsExactly("crk_holder");

        ticker.advance(Duration.ofSeconds(2));
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

    @Test
    void theServicePresentsItsServiceKeyToTheRegistry() throws Exception {
        introspection().introspect("crk_holder");

        assertThat(authorizations).containsExactly("Bearer crk_reporting-service");
    }

    @Test
    void aRefusedServiceKeyIsNamedNotMistakenForAnUnknownKey() {
        status = 401;

        assertThatThrownBy(() -> introspection().introspect("crk_holder"))
                .isInstanceOf(ApiKeyIntrospection.RegistryUnavailable.class)
                .hasMessageContaining("REPORTING_SERVICE_KEY");
    }

    private static final class FakeTicker implements Ticker {
        private long nanos;

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long read() {
            return nanos;
        }
    }
}
