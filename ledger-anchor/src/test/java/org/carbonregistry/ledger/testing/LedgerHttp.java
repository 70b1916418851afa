package org.carbonregistry.ledger.testing;

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

/** Plain HTTP GETs against a ledger, as an auditor's client would send them; with an API key if given one. */
public final class LedgerHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String apiKey;

    public LedgerHttp(String baseUrl) {
        this(baseUrl, null);
    }

    private LedgerHttp(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** The same ledger, asked with {@code Authorization: Bearer <apiKey>}. */
    public LedgerHttp withKey(String apiKey) {
        return new LedgerHttp(baseUrl, apiKey);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public record Response(int status, String body, HttpResponse<byte[]> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public byte[] bytes() {
            return raw.body();
        }
    }

    public Response get(String path) {
        return get(path, "*/*");
    }

    public Response get(String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept).GET();
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Tree size as the leaves endpoint reports it (leaves stored, checkpointed or not). */
    public long treeSize() {
        return get("/api/leaves?start=0&end=0").json().get("treeSize").asLong();
    }

    /** Tree size of the latest checkpoint, 0 before the first. */
    public long checkpointedSize() {
        Response latest = get("/api/checkpoints/latest");
        if (latest.status() == 404) {
            return 0;
        }
        return Long.parseLong(latest.body().split("\n")[1]);
    }
}
