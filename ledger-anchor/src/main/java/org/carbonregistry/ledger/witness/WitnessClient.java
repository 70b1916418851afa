package org.carbonregistry.ledger.witness;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.carbonregistry.ledger.checkpoint.StdBase64;

/**
 * The client side of c2sp.org/tlog-witness {@code add-checkpoint}: the request body is {@code old <size>\n}, the
 * consistency proof from that size (one base64 hash per line, none when the size is 0), an empty line and the
 * signed checkpoint. A 200 carries the witness's cosignature lines; a 409 with {@code text/x.tlog.size} carries
 * the size the witness last cosigned, from which the caller resends.
 */
public final class WitnessClient {

    static final String SIZE_CONTENT_TYPE = "text/x.tlog.size";
    private static final int MAX_PROOF_LINES = 63;

    private final HttpClient http;
    private final Duration timeout;

    public WitnessClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** What a witness answered. */
    public sealed interface Answer permits Cosigned, Conflict, Refused {
    }

    /** 200: the witness's note signature lines, each ending in a newline. */
    public record Cosigned(String signatureLines) implements Answer {
    }

    /** 409: the witness's latest cosigned size when it sent one, or none (same size, different root: a fork). */
    public record Conflict(OptionalLong witnessSize, String body) implements Answer {
    }

    /** Any other status (403 unknown key, 404 unknown origin, 422 bad proof, 5xx ...). */
    public record Refused(int status, String body) implements Answer {
    }

    public Answer addCheckpoint(WitnessEndpoint witness, long oldSize, List<byte[]> consistencyProof, String signedCheckpoint)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(witness.addCheckpointUri())
                .timeout(timeout)
                .header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(oldSize, consistencyProof, signedCheckpoint),
                        StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String body = response.body();
        if (response.statusCode() == 200) {
            return new Cosigned(body);
        }
        if (response.statusCode() == 409) {
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (contentType.startsWith(SIZE_CONTENT_TYPE)) {
                String size = body.strip();
                if (size.matches("0|[1-9][0-9]{0,18}")) {
                    return new Conflict(OptionalLong.of(Long.parseLong(size)), body);
                }
            }
            return new Conflict(OptionalLong.empty(), body);
        }
        return new Refused(response.statusCode(), body);
    }

    static String requestBody(long oldSize, List<byte[]> consistencyProof, String signedCheckpoint) {
        if (consistencyProof.size() > MAX_PROOF_LINES) {
            throw new IllegalArgumentException("a consistency proof has at most " + MAX_PROOF_LINES + " hashes");
        }
        StringBuilder body = new StringBuilder("old ").append(oldSize).append('\n');
        for (byte[] hash : consistencyProof) {
            body.append(StdBase64.encode(hash)).append('\n');
        }
        return body.append('\n').append(signedCheckpoint).toString();
    }
}
