package org.carbonregistry.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Plain GETs against a ledger's (or reporting's) read API, for the tools outside the services: the monitor and
 * {@code audit}. Anything but a 200 is an {@link Unreachable} naming the URL, the status and the problem's detail.
 */
public final class LogClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public LogClient(String baseUrl) {
        this(baseUrl, Map.of());
    }

    public LogClient(String baseUrl, Map<String, String> headers) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.headers = Map.copyOf(headers);
    }

    public byte[] bytes(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unreachable(0, baseUrl + path + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable(0, baseUrl + path + ": interrupted");
        }
        if (response.statusCode() != 200) {
            throw new Unreachable(response.statusCode(), baseUrl + path + " answered " + response.statusCode() + ": "
                    + detail(response.body()));
        }
        return response.body();
    }

    /** A problem's {@code detail}, or the body as it came when it is not a problem document. */
    private static String detail(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            JsonNode problem = JSON.readTree(text);
            if (problem != null && problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (IOException notJson) {
            // keep the raw body
        }
        return text;
    }

    public String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    public JsonNode json(String path) {
        try {
            return JSON.readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(baseUrl + path + " is not JSON", e);
        }
    }

    /** The server could not be asked or did not answer with what was asked: the check could not be made. */
    public static final class Unreachable extends RuntimeException {
        private final int status;

        public Unreachable(String message) {
            this(0, message);
        }

        public Unreachable(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the server answered with, 0 when it did not answer. */
        public int status() {
            return status;
        }
    }
}
