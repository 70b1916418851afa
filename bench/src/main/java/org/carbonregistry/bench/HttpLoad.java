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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Requests to the HTTP API, open loop: request i is due at start + i / rate whatever happened to earlier ones,
 * and its latency runs from that due time to the response. A slow server therefore shows up in the figures
 * instead of quietly slowing the driver down (no coordinated omission). At most {@code window} requests are in
 * flight; waiting for a free slot counts as latency too.
 */
final class HttpLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** How far the driver may fall behind its schedule before it gives up sending the rest. */
    private static final Duration SEND_GRACE = Duration.ofSeconds(10);

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

    /**
     * Sends {@code count} requests at {@code rate} per second. When the server is so slow that all of the
     * window is still in flight {@link #SEND_GRACE} after the last request was due, the rest are not sent and
     * count as errors, so an overloaded server cannot stretch a run without end.
     *
     * @return from the first due time to the last response
     */
    Duration run(Fixture fixture, int rate, int count, LatencyRecorder recorder, long seed)
            throws InterruptedException {
        Workload workload = new Workload(fixture, seed);
        int year = Year.now().getValue();
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(count);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long sendDeadline = start + (count - 1) * interval + SEND_GRACE.toNanos();
        long[] lastAnswer = {start};
        int sent = 0;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = request(workload.next(), fixture, year);
            if (!inFlight.tryAcquire(Math.max(0, sendDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            sent++;
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                long now = System.nanoTime();
                recorder.record(now - due);
                if (failure != null) {
                    recorder.error(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                } else if (response.statusCode() != 201) {
                    recorder.error("HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                }
                synchronized (lastAnswer) {
                    lastAnswer[0] = Math.max(lastAnswer[0], now);
                }
                inFlight.release();
                answered.countDown();
            });
        }
        for (int unsent = count - sent; unsent > 0; unsent--) {
            recorder.error("not sent: " + window + " requests still in flight " + SEND_GRACE.toSeconds()
                    + " s after the last was due");
            answered.countDown();
        }
        // The client's request timeout should end every request; the margin is for a client that does not.
        if (!answered.await(REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            for (long missing = answered.getCount(); missing > 0; missing--) {
                recorder.error("no answer and no timeout " + (REQUEST_TIMEOUT.toSeconds() + 10)
                        + " s after the last send");
            }
        }
        synchronized (lastAnswer) {
            return Duration.ofNanos(lastAnswer[0] - start);
        }
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
