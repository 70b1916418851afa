package org.carbonregistry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.carbonregistry.system.stack.Api;
import org.carbonregistry.system.stack.PrintServiceErrorsOnFailure;
import org.carbonregistry.system.stack.RegistryStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The monitor against the real registry: events accepted over HTTP by registry-service, sealed by ledger-anchor and
 * projected by reporting, then checked from outside with nothing but the log's URL, its policy and the registry's
 * key. A run killed halfway resumes from its state, a later run reads only the new tiles, reporting's ESRS
 * totals agree with the log, and a number changed in reporting's database is found. {@code -Dmonitor.events=10000} runs it with the issue's 10,000 events (the default keeps
 * CI short).
 */
// slow: CI runs it once, on H2; the database work under it is the services' own, tested on PostgreSQL by their ITs
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorSystemIT {

    private static final int EVENTS = Integer.getInteger("monitor.events", 2_000);

    private final Api api = new Api();
    private final ObjectMapper json = new ObjectMapper();
    private RegistryStack stack;
    private Workload workload;
    private Path folder;
    private Path policy;
    private Path registryKey;
    private GatedLog gated;

    @RegisterExtension
    final PrintServiceErrorsOnFailure printServiceErrorsOnFailure = new PrintServiceErrorsOnFailure(() -> stack);

    @BeforeAll
    void aRegistryWithHistory() throws Exception {
        folder = Path.of("target", "system-it", "monitor-" + UUID.randomUUID()).toAbsolutePath();
        stack = RegistryStack.start(folder);
        workload = Workload.setUp(api, stack.registry().url(), RegistryStack.ADMIN_KEY);
        workload.run(8, n -> n < EVENTS, Workload.WhenUnavailable.RETRY, accepted -> { });
        policy = folder.resolve("policy.txt");
        Files.writeString(policy, api.getOrFail(stack.ledger().url() + "/log/policy", null).requireOk("policy").body());
        registryKey = folder.resolve("registry.vkey");
        Files.writeString(registryKey,
                api.getOrFail(stack.registry().url() + "/api/registry-key", null).requireOk("registry key").body().strip());
        gated = new GatedLog(stack.ledger().url());
    }

    @AfterAll
    void stop() throws Exception {
        if (gated != null) {
            gated.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anHonestRegistryPassesKilledRunsResumeAndLaterRunsReadOnlyWhatIsNew() throws Exception {
        long size = awaitEverythingCheckpointed();
        assertThat(size).isGreaterThanOrEqualTo(EVENTS);
        Path state = folder.resolve("monitor-state");

        // Killed halfway: the log (through a gate) stops answering at the middle bundle; the state holds what came before.
        long heldFrom = (size / 2 / 256) * 256;
        gated.holdEntriesFrom(heldFrom / 256);
        Process killed = monitor(gated.url(), state, "--save-interval", "0").start();
        try {
            awaitProgress(state.resolve("progress.json"), heldFrom);
            assertThat(killed.isAlive()).as("still running when killed").isTrue();
        } finally {
            killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(state.resolve("verified.json")).doesNotExist();
        gated.release();

        gated.clearRequests();
        Run resumed = run(monitor(gated.url(), state));
        assertThat(resumed.exit()).as(resumed.output()).isZero();
        assertThat(resumed.output()).contains("CLEAN");
        assertThat(gated.lowestEntryBundle()).as("the resumed run starts where the killed one saved: %s",
                gated.entryBundles()).isEqualTo(heldFrom / 256);

        // The registry goes on; the next run reads only the bundles from the last one it had seen partially.
        workload.run(4, n -> n < 300, Workload.WhenUnavailable.RETRY, accepted -> { });
        long grown = awaitEverythingCheckpointed();
        assertThat(grown).isGreaterThan(size);
        gated.clearRequests();
        Run later = run(monitor(gated.url(), state));
        assertThat(later.exit()).as(later.output()).isZero();
        assertThat(gated.lowestEntryBundle()).as("only what is new: %s", gated.entryBundles()).isEqualTo(size / 256);

        // With reporting: every account's retired tonnes per year as the log says, in the ESRS reports.
        awaitReportingCaughtUp();
        Run withReports = run(monitor(stack.ledger().url(), state, "--reporting", stack.reporting().url(),
                "--key", RegistryStack.ADMIN_KEY));
        assertThat(withReports.exit()).as(withReports.output()).isZero();

        // One number changed in reporting's database (the service stopped, so that its H2 file can be opened) is found.
        stack.reporting().terminate();
        String tampered = addOneTonneToARetirement();
        stack.reporting().start();
        stack.reporting().awaitHealthy(Duration.ofMinutes(3));
        awaitReportingCaughtUp();
        Run afterTampering = run(monitor(stack.ledger().url(), state, "--reporting", stack.reporting().url(),
                "--key", RegistryStack.ADMIN_KEY));
        assertThat(afterTampering.exit()).as(afterTampering.output()).isEqualTo(1);
        assertThat(afterTampering.output()).contains("reporting-mismatch", tampered);
    }

    /** Adds a tonne to one projected retirement; returns the account whose reported total is now wrong. */
    private String addOneTonneToARetirement() throws Exception {
        Map<String, String> database = stack.databaseEnvironment();
        try (Connection connection = DriverManager.getConnection(database.get("REPORTING_DB_URL"),
                database.get("REPORTING_DB_USER"), database.get("REPORTING_DB_PASSWORD"));
             Statement statement = connection.createStatement();
             ResultSet one = statement.executeQuery("select retirement_id, account_id from rpt_retirements"
                     + " order by retirement_id fetch first row only")) {
            assertThat(one.next()).as("a retirement in reporting's database").isTrue();
            String retirement = one.getString(1);
            String account = one.getString(2);
            try (PreparedStatement update = connection.prepareStatement(
                    "update rpt_retirements set quantity = quantity + 1 where retirement_id = ?")) {
                update.setString(1, retirement);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            return account;
        }
    }

    private ProcessBuilder monitor(String logUrl, Path state, String... more) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("monitor.jar"), "--log", logUrl, "--policy", policy.toString(),
                "--registry-key", "@" + registryKey, "--state", state.toString(), "--witness-wait", "0"));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** The latest checkpoint's size once it has stopped growing (every accepted event sealed). */
    private long awaitEverythingCheckpointed() {
        long[] last = {-1};
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).until(() -> {
            long size = checkpointSize();
            boolean settled = size == last[0] && size >= workload.everAccepted().size();
            last[0] = size;
            return settled;
        });
        return last[0];
    }

    private long checkpointSize() {
        String note = api.getOrFail(stack.ledger().url() + "/log/checkpoint", null).requireOk("checkpoint").body();
        return Long.parseLong(note.split("\n")[1]);
    }

    private void awaitReportingCaughtUp() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() ->
                api.getOrFail(stack.reporting().url() + "/api/status", RegistryStack.ADMIN_KEY).requireOk("status")
                        .json().path("totalLag").asLong(-1) == 0);
    }

    private void awaitProgress(Path progress, long position) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(progress)
                && json.readTree(progress.toFile()).path("position").asLong() == position);
    }

    /**
     * The ledger's log, passed through: entry bundles from a given index are held until released, and every
     * request is recorded, so the test can stop a monitor mid-run and see what a run read.
     */
    private static final class GatedLog implements AutoCloseable {

        private final String ledger;
        private final HttpServer server;
        private final HttpClient client = HttpClient.newHttpClient();
        private final List<String> requests = new CopyOnWriteArrayList<>();
        private volatile long holdFrom = Long.MAX_VALUE;
        private volatile CountDownLatch gate = new CountDownLatch(0);

        GatedLog(String ledger) throws IOException {
            this.ledger = ledger;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().toString();
                requests.add(path);
                try {
                    if (path.startsWith("/log/tile/entries/") && bundle(path) >= holdFrom) {
                        gate.await(5, TimeUnit.MINUTES);
                    }
                    HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(ledger + path)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    answer.headers().firstValue("Content-Type").ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                    exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer.body());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    exchange.sendResponseHeaders(503, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void holdEntriesFrom(long bundle) {
            gate = new CountDownLatch(1);
            holdFrom = bundle;
        }

        void release() {
            holdFrom = Long.MAX_VALUE;
            gate.countDown();
        }

        void clearRequests() {
            requests.clear();
        }

        /** The entry bundles requested, as their path after {@code /log/tile/entries/}. */
        /** The lowest entry bundle a run asked for; the monitor fetches a few ahead, so requests may arrive in any order. */
        long lowestEntryBundle() {
            return requests.stream().filter(path -> path.startsWith("/log/tile/entries/")).mapToLong(GatedLog::bundle)
                    .min().orElseThrow(() -> new AssertionError("no entry bundle was read"));
        }

        List<String> entryBundles() {
            return requests.stream().filter(path -> path.startsWith("/log/tile/entries/"))
                    .map(path -> path.substring("/log/tile/entries/".length())).toList();
        }

        private static long bundle(String path) {
            String index = path.substring("/log/tile/entries/".length()).replaceAll("\\.p/.*", "").replace("x", "").replace("/", "");
            return Long.parseLong(index);
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }
}
