package org.carbonregistry.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Real HTTP requests against the running service, with small helpers to set up a registry. */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public record Response(int status, JsonNode body, Map<String, String> headers, String contentType) {
        public String detail() {
            return body == null ? null : body.path("detail").asText(null);
        }
    }

    public Response get(String path, String key) {
        return send("GET", path, key, null, null);
    }

    /** A GET whose answer is not JSON (text/plain): status and body as text. */
    public HttpResponse<String> getText(String path) {
        return getText(path, null);
    }

    /** A GET whose answer is not JSON, sent with {@code key} (none when null). */
    public HttpResponse<String> getText(String path, String key) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).GET();
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String key, Object body) {
        return send("POST", path, key, body, null);
    }

    public Response post(String path, String key, Object body, String idempotencyKey) {
        return send("POST", path, key, body, idempotencyKey);
    }

    public Response delete(String path, String key) {
        return send("DELETE", path, key, null, null);
    }

    public Response postRaw(String path, String key, String contentType, String rawBody) {
        return postRaw(path, key, contentType, rawBody, Duration.ofSeconds(30));
    }

    /** As {@link #postRaw(String, String, String, String)}, for a request that may take longer (an import). */
    public Response postRaw(String path, String key, String contentType, String rawBody, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(rawBody));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return execute(request.build());
    }

    public Response send(String method, String path, String key, Object body, String idempotencyKey) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (key != null) {
                request.header("Authorization", "Bearer " + key);
            }
            if (idempotencyKey != null) {
                request.header("Idempotency-Key", idempotencyKey);
            }
            return execute(request.build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            return new Response(response.statusCode(), body, headers, headers.get("content-type"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- setting up a registry through the API itself ---

    public String openAccount(String adminKey, String name, String type, String jurisdiction) {
        Response response = post("/api/accounts", adminKey, Map.of("name", name, "type", type, "jurisdiction", jurisdiction));
        require(response, 201);
        return response.body().get("accountId").asText();
    }

    public String createKey(String adminKey, String accountId, String role) {
        Response response = post("/api/accounts/" + accountId + "/api-keys", adminKey, Map.of("role", role));
        require(response, 201);
        return response.body().get("key").asText();
    }

    public String registerProject(String adminKey, String developer, String standard, String country,
                                  String category, String sink) {
        ObjectNode body = JSON.createObjectNode()
                .put("name", "Project " + UUID.randomUUID().toString().substring(0, 6))
                .put("standard", standard).put("methodology", "VM0047").put("country", country)
                .put("category", category).put("type", "Forestry").put("developerAccountId", developer);
        if (sink != null) {
            body.put("removalSink", sink);
        }
        Response response = post("/api/projects", adminKey, body);
        require(response, 201);
        return response.body().get("projectId").asText();
    }

    public Response issue(String adminKey, String projectId, long quantity, String toAccount) {
        return post("/api/batches", adminKey, Map.of("projectId", projectId, "vintageStart", "2023-01-01",
                "vintageEnd", "2023-12-31", "quantity", quantity, "toAccount", toAccount,
                "labels", java.util.List.of("CCP"), "correspondingAdjustment", false));
    }

    public static void require(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected HTTP " + status + " but got " + response.status() + ": " + response.body());
        }
    }
}
