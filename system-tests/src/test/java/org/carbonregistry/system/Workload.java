package org.carbonregistry.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.system.stack.Api;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * A small, realistic registry driven through registry-service's HTTP API the way its users drive it: the operator
 * issues batches of projects of several standards, countries and categories to their developers, developers sell
 * to two corporate buyers, and the buyers retire for their 2024 and 2025 claims. Each client works on batches of
 * its own, so clients never wait for one another on a batch, and the outcome of every command is known.
 * Every command carries an Idempotency-Key, so a client that lost its answer can send it again safely.
 */
final class Workload {

    enum Kind { ISSUE, TRANSFER, RETIRE }

    /** What a client does when the registry does not answer, answers 502/503/504, or 409 for its own twin in flight. */
    enum WhenUnavailable {
        /** Send the same request (same Idempotency-Key) again until it is accepted: exactly once in the end. */
        RETRY,
        /** Record 503 as the command's outcome (it changed nothing) and go on; no answer at all fails the run. */
        RECORD_503
    }

    record Account(String accountId, String key, String jurisdiction) {
    }

    record Project(String projectId, String standard, String country, String category, String removalSink,
                   Account developer, boolean correspondingAdjustment) {
    }

    record Accepted(long number, Kind kind, String batchId, String eventId, String retirementId, String account,
                    int quantity, int reportingYear, Project project, long acceptedAtNanos) {
    }

    record Unavailable(Kind kind, int status, String contentType, String body) {
    }

    record Outcome(List<Accepted> accepted, List<Unavailable> unavailable, Duration elapsed) {

        double acceptedPerSecond() {
            return accepted.size() / Math.max(0.001, elapsed.toNanos() / 1e9);
        }
    }

    private static final int ISSUED_PER_BATCH = 1_000;

    private final Api api;
    private final List<String> registryUrls;
    private final String adminKey;
    private final List<Project> projects;
    private final List<Account> corporates;
    private final List<Accepted> everAccepted = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong numbers = new AtomicLong();
    private int streams;

    private Workload(Api api, List<String> registryUrls, String adminKey, List<Project> projects, List<Account> corporates) {
        this.api = api;
        this.registryUrls = List.copyOf(registryUrls);
        this.adminKey = adminKey;
        this.projects = projects;
        this.corporates = corporates;
    }

    static Workload setUp(Api api, String registryUrl, String adminKey) throws Exception {
        return setUp(api, List.of(registryUrl), adminKey);
    }

    /** A workload whose clients send each request, and each retry, to the next of {@code registryUrls} in turn. */
    static Workload setUp(Api api, List<String> registryUrls, String adminKey) throws Exception {
        Setup setup = new Setup(api, registryUrls.get(0), adminKey);
        List<Project> projects = List.of(
                setup.project("Pará reforestation", "VCS", "VM0047", "BR", "REMOVAL", "BIOGENIC", "ARR", false),
                setup.project("Nairobi clean cookstoves", "GS", "TPDDTEC", "KE", "REDUCTION", null, "Cookstoves", true),
                setup.project("Hellisheiði direct air capture", "PURO", "Geologically stored carbon", "IS", "REMOVAL", "TECHNOLOGICAL", "DACCS", false),
                setup.project("Travis County landfill gas", "ACR", "Landfill gas destruction", "US", "REDUCTION", null, "Landfill methane", false),
                setup.project("Kainuu enhanced weathering", "ISOMETRIC", "Enhanced weathering", "FI", "REMOVAL", "TECHNOLOGICAL", "Enhanced rock weathering", false));
        List<Account> corporates = List.of(setup.account("ACME GmbH", "CORPORATE", "DE"), setup.account("Exemple SA", "CORPORATE", "FR"));
        return new Workload(api, registryUrls, adminKey, projects, corporates);
    }

    List<Account> corporates() {
        return corporates;
    }

    /** Every command ever accepted, in no particular order. */
    List<Accepted> everAccepted() {
        synchronized (everAccepted) {
            return List.copyOf(everAccepted);
        }
    }

    /**
     * Runs {@code clients} clients; each takes the next command number n and sends a command while
     * {@code goOn.test(n)}. {@code onAccepted} sees every accepted command at once (from the client's thread).
     */
    Outcome run(int clients, LongPredicate goOn, WhenUnavailable policy, Consumer<Accepted> onAccepted) throws Exception {
        int stream = ++streams;
        AtomicLong tickets = new AtomicLong();
        List<Accepted> accepted = Collections.synchronizedList(new ArrayList<>());
        List<Unavailable> unavailable = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                Client worker = new Client(stream * 100 + client, policy, command -> {
                    accepted.add(command);
                    everAccepted.add(command);
                    onAccepted.accept(command);
                }, unavailable::add);
                work.add(pool.submit(() -> {
                    long ticket;
                    while (goOn.test(ticket = tickets.getAndIncrement())) {
                        worker.next();
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(List.copyOf(accepted), List.copyOf(unavailable), Duration.ofNanos(System.nanoTime() - started));
    }

    /** One client: its own batches, what it knows each account holds of the current one, its random choices. */
    private final class Client {
        private final Random random;
        private final WhenUnavailable policy;
        private final Consumer<Accepted> accepted;
        private final Consumer<Unavailable> unavailable;
        private final Account corporate;
        private int batches;
        private Project project;
        private String batchId;
        private int developerHolds;
        private int corporateHolds;
        private int sends;

        Client(int seed, WhenUnavailable policy, Consumer<Accepted> accepted, Consumer<Unavailable> unavailable) {
            this.random = new Random(seed);
            this.policy = policy;
            this.accepted = accepted;
            this.unavailable = unavailable;
            this.corporate = corporates.get(seed % corporates.size());
            this.batches = seed;
        }

        void next() throws Exception {
            int roll = random.nextInt(100);
            if (batchId == null || roll < 3 || (developerHolds < 20 && corporateHolds < 10)) {
                issue();
            } else if (corporateHolds < 10 || (roll < 55 && developerHolds >= 20)) {
                transfer(1 + random.nextInt(20));
            } else {
                retire(1 + random.nextInt(Math.min(10, corporateHolds)), 2024 + random.nextInt(2));
            }
        }

        private void issue() throws Exception {
            Project next = projects.get(batches++ % projects.size());
            int vintage = 2020 + random.nextInt(5);
            JsonNode answer = send(Kind.ISSUE, "/api/batches", adminKey, Map.of("projectId", next.projectId(),
                    "vintageStart", vintage + "-01-01", "vintageEnd", vintage + "-12-31", "quantity", ISSUED_PER_BATCH,
                    "toAccount", next.developer().accountId(), "labels", List.of("CCP"),
                    "correspondingAdjustment", next.correspondingAdjustment()));
            if (answer != null) {
                project = next;
                batchId = answer.get("batchId").asText();
                developerHolds = ISSUED_PER_BATCH;
                corporateHolds = 0;
                record(Kind.ISSUE, answer, null, next.developer().accountId(), ISSUED_PER_BATCH, 0);
            }
        }

        private void transfer(int quantity) throws Exception {
            JsonNode answer = send(Kind.TRANSFER, "/api/batches/" + batchId + "/transfers", project.developer().key(),
                    Map.of("from", project.developer().accountId(), "to", corporate.accountId(), "quantity", quantity));
            if (answer != null) {
                developerHolds -= quantity;
                corporateHolds += quantity;
                record(Kind.TRANSFER, answer, null, project.developer().accountId(), quantity, 0);
            }
        }

        private void retire(int quantity, int year) throws Exception {
            JsonNode answer = send(Kind.RETIRE, "/api/batches/" + batchId + "/retirements", corporate.key(),
                    Map.of("account", corporate.accountId(), "quantity", quantity, "beneficiary", "Employees' commuting " + year,
                            "purpose", year + " voluntary claim", "reportingYear", year));
            if (answer != null) {
                corporateHolds -= quantity;
                record(Kind.RETIRE, answer, answer.get("retirementId").asText(), corporate.accountId(), quantity, year);
            }
        }

        private void record(Kind kind, JsonNode answer, String retirementId, String account, int quantity, int year) {
            accepted.accept(new Accepted(numbers.getAndIncrement(), kind, batchId, answer.get("eventId").asText(),
                    retirementId, account, quantity, year, project, System.nanoTime()));
        }

        /** The accepted answer, or null when the registry answered 503 and the policy is to record that. */
        private JsonNode send(Kind kind, String path, String key, Object body) throws Exception {
            String idempotencyKey = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (true) {
                Api.Response response;
                try {
                    response = api.post(registryUrls.get(sends++ % registryUrls.size()) + path, key, body, idempotencyKey);
                } catch (IOException noAnswer) {
                    if (policy == WhenUnavailable.RECORD_503 || System.nanoTime() > deadline) {
                        throw new AssertionError(kind + " " + path + " got no answer", noAnswer);
                    }
                    Thread.sleep(250);
                    continue;
                }
                if (response.ok()) {
                    return response.json();
                }
                // 409 for a twin of this very request still in flight (after a lost answer): retry as the
                // Idempotency-Key draft says, to get the first request's result
                boolean twinInFlight = response.status() == 409 && response.body().contains("still being handled");
                boolean retryable = response.status() == 502 || response.status() == 503 || response.status() == 504
                        || twinInFlight;
                if (retryable && policy == WhenUnavailable.RECORD_503 && response.status() == 503) {
                    unavailable.accept(new Unavailable(kind, response.status(), response.contentType(), response.body()));
                    return null;
                }
                if (!retryable || System.nanoTime() > deadline) {
                    throw new AssertionError(kind + " " + path + " answered " + response.status() + ": " + response.body());
                }
                Thread.sleep(250);
            }
        }
    }

    /** The accounts and projects the workload needs, created with the operator's key. */
    private record Setup(Api api, String registryUrl, String adminKey) {

        Account account(String name, String type, String jurisdiction) throws Exception {
            String accountId = api.post(registryUrl + "/api/accounts", adminKey,
                    Map.of("name", name, "type", type, "jurisdiction", jurisdiction), null).requireOk("open account").json()
                    .get("accountId").asText();
            String key = api.post(registryUrl + "/api/accounts/" + accountId + "/api-keys", adminKey,
                    Map.of("role", "ACCOUNT_HOLDER"), null).requireOk("create api key").json().get("key").asText();
            return new Account(accountId, key, jurisdiction);
        }

        Project project(String name, String standard, String methodology, String country, String category, String sink,
                        String type, boolean correspondingAdjustment) throws Exception {
            Account developer = account(name + " developer", "PROJECT_DEVELOPER", country);
            java.util.Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "standard", standard,
                    "methodology", methodology, "country", country, "category", category, "type", type,
                    "developerAccountId", developer.accountId()));
            if (sink != null) {
                body.put("removalSink", sink);
            }
            String projectId = api.post(registryUrl + "/api/projects", adminKey, body, null).requireOk("register project")
                    .json().get("projectId").asText();
            return new Project(projectId, standard, country, category, sink, developer, correspondingAdjustment);
        }
    }
}
