package org.carbonregistry.bench.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The three services' HTTP APIs as the driver uses them: set-up as an administrator, retirements as a client. */
final class StackApi {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** A client gives up on a retirement after this long of failed attempts; it counts as an error. */
    static final Duration GIVE_UP_AFTER = Duration.ofSeconds(60);

    /** One client: an account with its key, retiring from one batch. */
    record Client(String accountId, String key, String batchId) {
    }

    /** A retirement answered 201; times are {@link System#nanoTime()}. */
    record Accepted(String retirementId, String eventId, int quantity, long firstSentNanos, long acceptedNanos,
                    int attempts, boolean measured) {
    }

    private final StackOptions.Attach stack;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)   // keep-alive connections, as the operator's clients
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    StackApi(StackOptions.Attach stack) {
        this.stack = stack;
    }

    /** Accounts with keys, a project and batches of {@code perClient} credits each client holds, through the API. */
    List<Client> setUp(int clients, boolean oneBatch, int perClient) throws IOException, InterruptedException {
        String run = Long.toString(System.currentTimeMillis(), 36);
        String developer = admin("/api/accounts", Map.of("name", "Stack load " + run + " developer",
                "type", "PROJECT_DEVELOPER", "jurisdiction", "BR")).get("accountId").asText();
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("name", "Stack load " + run + " project");
        project.put("standard", "VCS");
        project.put("methodology", "VM0047");
        project.put("country", "BR");
        project.put("category", "REMOVAL");
        project.put("removalSink", "BIOGENIC");
        project.put("type", "ARR");
        project.put("developerAccountId", developer);
        String projectId = admin("/api/projects", project).get("projectId").asText();
        String shared = oneBatch ? issue(projectId, developer, (long) perClient * clients) : null;
        List<Client> result = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String account = admin("/api/accounts", Map.of("name", "Stack load " + run + " buyer " + i,
                    "type", "CORPORATE", "jurisdiction", "DE")).get("accountId").asText();
            String key = admin("/api/accounts/" + account + "/api-keys", Map.of("role", "ACCOUNT_HOLDER"))
                    .get("key").asText();
            String batch = shared;
            if (oneBatch) {
                admin("/api/batches/" + shared + "/transfers", Map.of("from", developer, "to", account,
                        "quantity", perClient));
            } else {
                batch = issue(projectId, account, perClient);
            }
            result.add(new Client(account, key, batch));
        }
        return result;
    }

    private String issue(String projectId, String toAccount, long quantity) throws IOException, InterruptedException {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("projectId", projectId);
        issue.put("vintageStart", "2024-01-01");
        issue.put("vintageEnd", "2024-12-31");
        issue.put("quantity", quantity);
        issue.put("toAccount", toAccount);
        issue.put("labels", List.of("CCP"));
        issue.put("correspondingAdjustment", false);
        return admin("/api/batches", issue).get("batchId").asText();
    }

    /**
     * Retires {@code quantity} as the operator's clients do: one {@code Idempotency-Key} for the retirement, resent
     * after any failure (no answer, 5xx, even 4xx) with a short pause until it is answered 201 or
     * {@link #GIVE_UP_AFTER} has passed.
     */
    CompletableFuture<Accepted> retire(Client client, int quantity, int reportingYear, boolean measured,
                                       long firstSentNanos) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("account", client.accountId());
        body.put("quantity", quantity);
        body.put("beneficiary", "Stack load beneficiary");
        body.put("purpose", "Load test of voluntary offsetting");
        body.put("reportingYear", reportingYear);
        HttpRequest request = HttpRequest.newBuilder(stack.registry().resolve("/api/batches/" + client.batchId() + "/retirements"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + client.key())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build();
        CompletableFuture<Accepted> result = new CompletableFuture<>();
        attempt(request, quantity, measured, firstSentNanos, 1, result);
        return result;
    }

    private void attempt(HttpRequest request, int quantity, boolean measured, long firstSent, int attempt,
                         CompletableFuture<Accepted> result) {
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long now = System.nanoTime();
            if (failure == null && response.statusCode() == 201) {
                try {
                    JsonNode answer = json.readTree(response.body());
                    result.complete(new Accepted(answer.get("retirementId").asText(), answer.get("eventId").asText(),
                            quantity, firstSent, now, attempt, measured));
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
                return;
            }
            String problem = failure != null ? failure.toString()
                    : "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            if (now - firstSent > GIVE_UP_AFTER.toNanos()) {
                result.completeExceptionally(new IllegalStateException("gave up after " + attempt + " attempts: " + problem));
                return;
            }
            Executor later = CompletableFuture.delayedExecutor(Math.min(1_000, 50L * attempt), TimeUnit.MILLISECONDS);
            later.execute(() -> attempt(request, quantity, measured, firstSent, attempt + 1, result));
        });
    }

    /** Registry-wide ESRS E1-7 tonnes retired for the year, as reporting states them now (public). */
    long reportedTonnes(int year) throws IOException, InterruptedException {
        return get(stack.reporting(), "/api/reports/esrs-e1-7?year=" + year + "&format=json", null)
                .get("totalRetiredTonnes").asLong();
    }

    /** The size of the ledger's latest checkpoint, 0 before the first. */
    long checkpointSize() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(stack.ledger().resolve("/api/checkpoints/latest"))
                .timeout(REQUEST_TIMEOUT).GET().build());
        if (response.statusCode() != 200) {
            return 0;
        }
        // C2SP checkpoint: origin line, then the tree size
        return Long.parseLong(response.body().split("\n")[1].trim());
    }

    /** Reporting's next offset per partition of the events topic, from its status. */
    Map<Integer, Long> reportingOffsets() throws IOException, InterruptedException {
        Map<Integer, Long> offsets = new HashMap<>();
        for (JsonNode partition : get(stack.reporting(), "/api/status", null).path("partitions")) {
            offsets.put(partition.get("partition").asInt(), partition.get("storedOffset").asLong());
        }
        return offsets;
    }

    /** The ledger's leaves from {@code start} on, one page: event id by leaf index. */
    Map<Long, String> leaves(long start) throws IOException, InterruptedException {
        Map<Long, String> leaves = new LinkedHashMap<>();
        for (JsonNode leaf : get(stack.ledger(), "/api/leaves?start=" + start, null).path("leaves")) {
            leaves.put(leaf.get("leafIndex").asLong(), leaf.get("eventId").asText());
        }
        return leaves;
    }

    /** Every retirement reporting knows for the year (administrator's list), by retirement id. */
    Map<String, JsonNode> reportedRetirements(int year) throws IOException, InterruptedException {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode retirement : get(stack.reporting(), "/api/retirements?year=" + year, stack.adminKey())
                .path("retirements")) {
            byId.put(retirement.get("retirementId").asText(), retirement);
        }
        return byId;
    }

    private JsonNode admin(String path, Map<String, ?> body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(stack.registry().resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + stack.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body)))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("set-up request POST " + path + " answered " + response.statusCode()
                    + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** registry-service's command groups so far and the commands in them (its group-size metric), if it can be read. */
    Optional<CommandGroups> commandGroups() throws InterruptedException {
        try {
            JsonNode metric = get(stack.registry(), "/actuator/metrics/registry.command.group.size", stack.adminKey());
            double count = 0;
            double commands = 0;
            for (JsonNode measurement : metric.path("measurements")) {
                switch (measurement.path("statistic").asText()) {
                    case "COUNT" -> count = measurement.path("value").asDouble();
                    case "TOTAL" -> commands = measurement.path("value").asDouble();
                    default -> { }
                }
            }
            return Optional.of(new CommandGroups((long) count, (long) commands));
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    record CommandGroups(long groups, long commands) {
    }

    private JsonNode get(URI service, String path, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.resolve(path)).timeout(REQUEST_TIMEOUT).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        HttpResponse<String> response = send(request.build());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + service.resolve(path) + " answered " + response.statusCode() + ": "
                    + abbreviate(response.body()));
        }
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String write(Map<String, ?> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
