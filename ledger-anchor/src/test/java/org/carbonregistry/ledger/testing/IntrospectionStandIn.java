package org.carbonregistry.ledger.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint on 127.0.0.1 answering {@code POST /api/auth/introspect} as registry-service does (RFC 7662
 * style, only to a SERVICE key: 401 without one, 403 with another), for ledgers started without a registry. It
 * knows four keys, one per role a caller may have. Nothing else is served (404), so a ledger without configured
 * registry keys finds no key to pin here.
 */
public final class IntrospectionStandIn implements AutoCloseable {

    public static final String SERVICE_KEY = "crk_ledger-service-key-for-the-tests-0123456789";
    public static final String HOLDER_KEY = "crk_holder-key-for-the-ledger-tests";
    public static final String AUDITOR_KEY = "crk_auditor-key-for-the-ledger-tests";
    public static final String ADMIN_KEY = "crk_admin-key-for-the-ledger-tests";

    private static final Map<String, String> ANSWERS = Map.of(
            HOLDER_KEY, "{\"active\":true,\"accountId\":\"corp-1\",\"role\":\"ACCOUNT_HOLDER\",\"keyId\":\"k-holder\"}",
            AUDITOR_KEY, "{\"active\":true,\"accountId\":\"audit-1\",\"role\":\"AUDITOR\",\"keyId\":\"k-auditor\"}",
            ADMIN_KEY, "{\"active\":true,\"accountId\":\"registry\",\"role\":\"REGISTRY_ADMIN\",\"keyId\":\"k-admin\"}",
            SERVICE_KEY, "{\"active\":true,\"accountId\":\"registry\",\"role\":\"SERVICE\",\"keyId\":\"k-service\"}");

    private final HttpServer server;
    private final AtomicInteger questions = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private IntrospectionStandIn(HttpServer server) {
        this.server = server;
    }

    public static IntrospectionStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            IntrospectionStandIn standIn = new IntrospectionStandIn(server);
            server.createContext("/api/auth/introspect", standIn::introspect);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Introspection requests answered with 200 so far. */
    public int questions() {
        return questions.get();
    }

    private void introspect(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(exchange.getRequestMethod())) {
            answer(exchange, 405, "{}");
        } else if (authorization == null) {
            answer(exchange, 401, "{\"status\":401,\"detail\":\"introspection needs a SERVICE key\"}");
        } else if (!authorization.equals("Bearer " + SERVICE_KEY)) {
            answer(exchange, 403, "{\"status\":403,\"detail\":\"only a SERVICE key may introspect\"}");
        } else {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = form.startsWith("token=")
                    ? URLDecoder.decode(form.substring("token=".length()), StandardCharsets.UTF_8) : "";
            questions.incrementAndGet();
            answer(exchange, 200, ANSWERS.getOrDefault(token, "{\"active\":false}"));
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
