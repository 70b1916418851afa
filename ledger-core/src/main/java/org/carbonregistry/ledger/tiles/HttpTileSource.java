package org.carbonregistry.ledger.tiles;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads a tiled log over HTTP with the JDK's client: {@code <prefix>/checkpoint}, {@code <prefix>/tile/...}. The
 * prefix is the log's URL prefix, e.g. {@code http://127.0.0.1:8081/log}.
 */
public final class HttpTileSource implements TileSource {

    private final String prefix;
    private final HttpClient http;
    private final Duration timeout;

    public HttpTileSource(String prefix, HttpClient http, Duration timeout) {
        this.prefix = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        this.http = http;
        this.timeout = timeout;
    }

    public static HttpTileSource of(String prefix) {
        Duration timeout = Duration.ofSeconds(30);
        return new HttpTileSource(prefix, HttpClient.newBuilder().connectTimeout(timeout).build(), timeout);
    }

    @Override
    public byte[] read(TileAddress address) throws IOException {
        return get(address.path());
    }

    /** The log's latest checkpoint as served (a signed note with its cosignatures), not yet verified. */
    public String checkpoint() throws IOException {
        return new String(get("checkpoint"), StandardCharsets.UTF_8);
    }

    private byte[] get(String path) throws IOException {
        URI uri = URI.create(prefix + "/" + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8).strip());
        }
        return response.body();
    }
}
