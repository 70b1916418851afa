package org.carbonregistry.system.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** Plain HTTP to the running services: to set the scene, and to read what the page must agree with. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + new String(body), e);
            }
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private Http() {
    }

    static Response get(String url, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    /** A write that must succeed (201): its answer. */
    static JsonNode post(String url, String key, Object body) {
        Response response = send("POST", url, key, body);
        if (response.status() != 201) {
            throw new AssertionError("POST " + url + " answered " + response.status() + ": " + response.text());
        }
        return response.json();
    }

    static Response send(String method, String url, String key, Object body) {
        try {
            return sendText(method, url, key, "application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body sent as it is (a CSV export, say), of the given media type. */
    static Response sendText(String method, String url, String key, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    static JsonNode getJson(String url, String key) {
        Response response = get(url, key);
        if (response.status() != 200) {
            throw new AssertionError("GET " + url + " answered " + response.status() + ": " + response.text());
        }
        return response.json();
    }

    /** Polls {@code url} until it answers 200 with a body that satisfies {@code ready}; the services are eventually consistent. */
    static JsonNode await(String url, String key, Predicate<JsonNode> ready, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = get(url, key);
            if (last.status() == 200 && ready.test(last.json())) {
                return last.json();
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + url + " was not ready within " + timeout + "; last answer "
                + (last == null ? "none" : last.status() + " " + last.text()));
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
