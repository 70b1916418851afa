package org.carbonregistry.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Transfers and retirements over the HTTP API, open loop ({@link OpenLoop}). */
final class HttpLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final URI base;
    private final String adminKey;
    private final int window;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService responses;
    private final HttpClient client;

    HttpLoad(URI base, String adminKey, int window) {
        this.base = base;
        this.adminKey = adminKey;
        this.window = window;
        this.responses = Executors.newFixedThreadPool(2, GatewayLoad.daemonThreads("http-client-"));
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(responses)
                .build();
    }

    /** Accounts with holder keys, a project and batches, through the API as an administrator uses it. */
    Fixture setUp(String name, int batches) throws IOException, InterruptedException {
        String developer = post("/api/accounts", adminKey,
                Map.of("name", name + " developer", "type", "PROJECT_DEVELOPER", "jurisdiction", "BR"))
                .get("accountId").asText();
        List<String> holders = new ArrayList<>();
        Map<String, String> keys = new HashMap<>();
        for (int i = 0; i < Fixture.HOLDERS; i++) {
            String holder = post("/api/accounts", adminKey,
                    Map.of("name", name + " holder " + i, "type", "CORPORATE", "jurisdiction", "DE"))
                    .get("accountId").asText();
            String key = post("/api/accounts/" + holder + "/api-keys", adminKey, Map.of("role", "ACCOUNT_HOLDER"))
                    .get("key").asText();
            holders.add(holder);
            keys.put(holder, key);
        }
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("name", name + " project");
        project.put("standard", "VCS");
        project.put("methodology", "VM0042");
        project.put("country", "BR");
        project.put("category", "REDUCTION");
        project.put("type", "Improved agricultural land management");
        project.put("developerAccountId", developer);
        String projectId = post("/api/projects", adminKey, project).get("projectId").asText();
        List<String> batchIds = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("projectId", projectId);
            issue.put("vintageStart", "2023-01-01");
            issue.put("vintageEnd", "2023-12-31");
            issue.put("quantity", Fixture.ISSUED_PER_BATCH);
            issue.put("toAccount", holders.get(0));
            issue.put("labels", List.of("CCP"));
            issue.put("correspondingAdjustment", false);
            String batchId = post("/api/batches", adminKey, issue).get("batchId").asText();
            for (int h = 1; h < holders.size(); h++) {
                post("/api/batches/" + batchId + "/transfers", keys.get(holders.get(0)),
                        Map.of("from", holders.get(0), "to", holders.get(h), "quantity", Fixture.SHARE_PER_HOLDER));
            }
            batchIds.add(batchId);
        }
        return new Fixture(holders, batchIds, keys);
    }

    /** Sends {@code count} requests at {@code rate} per second, open loop ({@link OpenLoop}). */
    Duration run(Fixture fixture, int rate, int count, LatencyRecorder recorder, long seed)
            throws InterruptedException {
        Workload workload = new Workload(fixture, seed);
        int year = Year.now().getValue();
        return OpenLoop.run(rate, count, window, REQUEST_TIMEOUT.plusSeconds(10), recorder,
                i -> client.sendAsync(request(workload.next(), fixture, year), HttpResponse.BodyHandlers.ofString())
                        .thenApply(response -> response.statusCode() == 201 ? null
                                : "HTTP " + response.statusCode() + " " + abbreviate(response.body())));
    }

    private HttpRequest request(Workload.Operation operation, Fixture fixture, int reportingYear) {
        Map<String, Object> body = new LinkedHashMap<>();
        String path;
        switch (operation.kind()) {
            case TRANSFER -> {
                path = "/api/batches/" + operation.batchId() + "/transfers";
                body.put("from", operation.from());
                body.put("to", operation.to());
                body.put("quantity", operation.quantity());
            }
            case RETIREMENT -> {
                path = "/api/batches/" + operation.batchId() + "/retirements";
                body.put("account", operation.from());
                body.put("quantity", operation.quantity());
                body.put("beneficiary", "Bench beneficiary");
                body.put("purpose", "Load test of voluntary offsetting");
                body.put("reportingYear", reportingYear);
            }
            default -> throw new IllegalStateException("unknown operation " + operation.kind());
        }
        return jsonPost(path, fixture.holderKeys().get(operation.from()), body);
    }

    private JsonNode post(String path, String key, Map<String, ?> body) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(jsonPost(path, key, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("set-up request POST " + path + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private HttpRequest jsonPost(String path, String key, Map<String, ?> body) {
        try {
            return HttpRequest.newBuilder(base.resolve(path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    void close() {
        responses.shutdownNow();
    }
}
