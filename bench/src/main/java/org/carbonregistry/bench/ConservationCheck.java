package org.carbonregistry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Reads every batch of a scenario back through the public API and checks the registry's first invariant on
 * its views: held + retired + cancelled = issued. A load test that loses updates shows it here.
 */
final class ConservationCheck {

    private ConservationCheck() {
    }

    /** "ok", or how many batches break the invariant, with the first one's figures. */
    static String run(URI base, List<String> batchIds) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = new ObjectMapper();
        int broken = 0;
        String first = null;
        for (String batchId : batchIds) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/batches/" + batchId))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                broken++;
                first = first != null ? first : "GET batch " + batchId + " answered " + response.statusCode();
                continue;
            }
            JsonNode batch = json.readTree(response.body());
            long issued = batch.get("issued").asLong();
            long held = batch.get("held").asLong();
            long retired = batch.get("retired").asLong();
            long cancelled = batch.get("cancelled").asLong();
            if (held + retired + cancelled != issued) {
                broken++;
                first = first != null ? first : String.format("batch %s: held %d + retired %d + cancelled %d = %d, "
                        + "issued %d", batchId, held, retired, cancelled, held + retired + cancelled, issued);
            }
        }
        return broken == 0 ? "ok" : "BROKEN in " + broken + " of " + batchIds.size() + " batches, e.g. " + first;
    }
}
