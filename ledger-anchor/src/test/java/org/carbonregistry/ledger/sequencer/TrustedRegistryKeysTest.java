package org.carbonregistry.ledger.sequencer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.carbonregistry.ledger.checkpoint.Ed25519;
import org.carbonregistry.ledger.envelope.EnvelopeSigner;
import org.carbonregistry.ledger.storage.RegistryKeyStore;
import org.carbonregistry.ledger.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which registry keys the sequencer trusts: configured, else pinned, else fetched once from the registry and pinned. */
class TrustedRegistryKeysTest {

    final EnvelopeSigner registry = new EnvelopeSigner("registry.test/registry", Ed25519.generate());
    final AtomicInteger requests = new AtomicInteger();
    TestDatabase.Connected db;
    RegistryKeyStore store;
    HttpServer server;

    @BeforeEach
    void database() {
        db = TestDatabase.create().connect();
        store = new RegistryKeyStore(db.jdbc());
    }

    @AfterEach
    void close() {
        if (server != null) {
            server.stop(0);
        }
        db.close();
    }

    @Test
    void configuredKeysAreTrustedWithoutAskingTheRegistryOrPinning() {
        EnvelopeSigner next = new EnvelopeSigner("registry.test/registry", Ed25519.generate());
        TrustedRegistryKeys keys = TrustedRegistryKeys.configure(registry.verifierKey().encode() + "," + next.verifierKey().encode(),
                store, "http://127.0.0.1:9", Duration.ofSeconds(1), Clock.systemUTC());

        assertThat(keys.source()).isEqualTo(TrustedRegistryKeys.Source.CONFIGURED);
        assertThat(keys.resolve().trustedKeys()).containsExactly(registry.verifierKey(), next.verifierKey());
        assertThat(keys.resolve().verifies(next.sign(new byte[] {1}))).isTrue();
        assertThat(store.pinned()).isEmpty();
    }

    @Test
    void withoutConfiguredKeysTheRegistrysKeyIsFetchedOnceAndPinnedForLaterStarts() throws Exception {
        int port = serveKey();
        TrustedRegistryKeys first = TrustedRegistryKeys.configure("", store, "http://127.0.0.1:" + port + "/", Duration.ofSeconds(2),
                Clock.systemUTC());

        assertThat(first.resolve().trustedKeys()).containsExactly(registry.verifierKey());
        assertThat(first.source()).isEqualTo(TrustedRegistryKeys.Source.PINNED);
        assertThat(store.pinned()).containsExactly(registry.verifierKey().encode());
        server.stop(0);
        server = null;

        TrustedRegistryKeys later = TrustedRegistryKeys.configure(" ", store, "http://127.0.0.1:" + port, Duration.ofSeconds(2),
                Clock.systemUTC());
        assertThat(later.resolve().trustedKeys()).as("from the pin, with the registry down").containsExactly(registry.verifierKey());
        assertThat(requests).hasValue(1);
    }

    @Test
    void aRegistryThatCannotBeReachedLeavesNoKeyAndAReasonUntilARetryWorks() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TrustedRegistryKeys keys = TrustedRegistryKeys.configure("", store, "http://127.0.0.1:" + port, Duration.ofSeconds(1),
                Clock.systemUTC());

        assertThatThrownBy(keys::resolve).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REGISTRY_VERIFIER_KEYS is not set")
                .hasMessageContaining("GET http://127.0.0.1:" + port + "/api/registry-key failed");
        assertThat(keys.current()).isEmpty();
        assertThat(keys.problem()).contains("nothing is appended");
        assertThat(store.pinned()).isEmpty();

        serveKey(port);
        assertThat(keys.resolve().trustedKeys()).containsExactly(registry.verifierKey());
        assertThat(keys.problem()).isNull();
    }

    @Test
    void aMalformedConfiguredKeyStopsTheStartWithTheVariableNamed() {
        assertThatThrownBy(() -> TrustedRegistryKeys.configure("registry.test/registry+00000000+AAAA", store, "http://127.0.0.1:9",
                Duration.ofSeconds(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("REGISTRY_VERIFIER_KEYS");
    }

    private int serveKey() throws IOException {
        return serveKey(0);
    }

    private int serveKey(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/registry-key", exchange -> {
            requests.incrementAndGet();
            byte[] body = (registry.verifierKey().encode() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }
}
