package org.carbonregistry.reporting.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Real HTTP requests to a running service. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    public Http(URI base) {
        this.base = base;
    }

    public record Response(int status, byte[] body, java.net.http.HttpHeaders headers) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + text(), e);
            }
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        public Response require(int expected) {
            if (status != expected) {
                throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + text());
            }
            return this;
        }
    }

    public Response get(String path, String key) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), key);
    }

    /** A GET with the Authorization header exactly as given. */
    public Response getWithAuthorization(String path, String authorization) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization).GET(), null);
    }

    public Response post(String path, String key, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : JSON.writeValueAsString(body)));
            return send(request, key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path, String key) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), key);
    }

    private Response send(HttpRequest.Builder request, String key) {
        request.timeout(Duration.ofSeconds(60));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
