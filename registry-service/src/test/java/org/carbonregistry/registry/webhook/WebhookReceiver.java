package org.carbonregistry.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP endpoint on 127.0.0.1 that keeps every request it got and answers with a settable status. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String webhookId, String timestamp, String signature, String body, Instant at, int answered) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private int port;
    private HttpServer server;

    WebhookReceiver() {
        start(0);
    }

    /** The receiver is back on the same port (after {@link #stop()}). */
    void start() {
        start(port);
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = server.getAddress().getPort();
        server.createContext("/hooks", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int answer = status.get();
            var headers = exchange.getRequestHeaders();
            received.add(new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), body, Instant.now(), answer));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    void answer(int statusCode) {
        status.set(statusCode);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hooks";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** What was answered with a 2xx, for {@code eventId}. */
    List<Received> accepted(String eventId) {
        return received.stream().filter(r -> eventId.equals(r.webhookId()) && r.answered() < 300).toList();
    }

    List<Received> of(String eventId) {
        return received.stream().filter(r -> eventId.equals(r.webhookId())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
