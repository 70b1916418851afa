package org.carbonregistry.ledger.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs against the ledger's read API; any answer but 200 is an {@link ApiException} with the problem's detail. */
final class LedgerApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    LedgerApiClient(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    String text(String path) throws ApiException {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    JsonNode json(String path) throws ApiException {
        try {
            return JSON.readTree(bytes(path));
        } catch (IOException e) {
            throw new ApiException("GET " + path + " did not return JSON: " + e.getMessage());
        }
    }

    byte[] bytes(String path) throws ApiException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException("GET " + baseUrl + path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted during GET " + path);
        }
        if (response.statusCode() != 200) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            String detail = body;
            try {
                JsonNode problem = JSON.readTree(body);
                if (problem != null && problem.hasNonNull("detail")) {
                    detail = problem.get("detail").asText();
                }
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new ApiException(response.statusCode(), "GET " + path + " answered " + response.statusCode() + ": " + detail);
        }
        return response.body();
    }

    static final class ApiException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int status;

        ApiException(String message) {
            this(0, message);
        }

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status the server answered with, 0 when it did not answer. */
        int status() {
            return status;
        }
    }
}
