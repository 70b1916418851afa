package org.carbonregistry.reporting.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * registry-service's two answers to other services, as the contract states them, on 127.0.0.1: {@code GET
 * /api/registry-key} (the key {@link TestKeys#REGISTRY} signs with) and {@code POST /api/auth/introspect}, which
 * answers only a caller presenting {@link #SERVICE_KEY} (401 otherwise). Keys are handed out by {@link #key}.
 */
public final class RegistryStandIn implements AutoCloseable {

    public static final String SERVICE_KEY = "crk_reporting-service-key-for-the-tests";
    public static final String ADMIN_KEY = "crk_stand-in-administrator";

    private final HttpServer server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    public RegistryStandIn() throws IOException {
        answers.put(ADMIN_KEY, answer("registry", "REGISTRY_ADMIN"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/registry-key", exchange ->
                send(exchange, 200, "text/plain; charset=utf-8", TestKeys.registryVerifierKeys() + "\n"));
        server.createContext("/api/auth/introspect", this::introspect);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A new API key of {@code accountId} with {@code role}. */
    public String key(String accountId, String role) {
        String key = "crk_" + UUID.randomUUID();
        answers.put(key, answer(accountId, role));
        return key;
    }

    /** Introspection calls refused for want of the service key. */
    public int refused() {
        return refused.get();
    }

    private void introspect(HttpExchange exchange) throws IOException {
        if (!("Bearer " + SERVICE_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            refused.incrementAndGet();
            send(exchange, 401, "application/problem+json", "{\"status\":401,\"detail\":\"a SERVICE key is required\"}");
            return;
        }
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = form.startsWith("token=") ? URLDecoder.decode(form.substring(6), StandardCharsets.UTF_8) : "";
        send(exchange, 200, "application/json", answers.getOrDefault(token, "{\"active\":false}"));
    }

    private static String answer(String accountId, String role) {
        return "{\"active\":true,\"accountId\":\"" + accountId + "\",\"role\":\"" + role + "\",\"keyId\":\"k-"
                + accountId + "\"}";
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
