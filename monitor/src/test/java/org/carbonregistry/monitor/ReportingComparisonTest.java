package org.carbonregistry.monitor;

import com.sun.net.httpserver.HttpServer;
import org.carbonregistry.monitor.testlog.MonitorRun;
import org.carbonregistry.monitor.testlog.TestEvents;
import org.carbonregistry.monitor.testlog.TestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retired tonnes per account and year, replayed from the log, against an ESRS E1-7 endpoint over HTTP that answers
 * with the report's JSON fields (reporting's own tests cover how it computes them).
 */
class ReportingComparisonTest {

    private static final String KEY = "auditor-key-0123456789abcdef0123456789";

    @TempDir
    Path directory;
    private TestLog log;
    private HttpServer reporting;
    private final Map<String, Long> reportedTonnes = new ConcurrentHashMap<>();
    private final List<String> reportRequests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        log = new TestLog(1);
        TestEvents events = new TestEvents();
        log.append(events.issue("batch-1", "acme", 1, 100));
        log.append(events.retire("batch-1", "acme", 1, 10, 2024));
        log.append(events.retire("batch-1", "acme", 11, 5, 2025));
        log.append(events.transfer("batch-1", "acme", "globex", 16, 20));
        log.append(events.retire("batch-1", "globex", 16, 7, 2025));
        log.checkpoint(1);

        reporting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        reporting.createContext("/api/reports/esrs-e1-7", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            reportRequests.add(query + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            String account = query.replaceAll(".*account=([^&]+).*", "$1");
            String year = query.replaceAll(".*year=(\\d+).*", "$1");
            if (!reportedTonnes.containsKey(account + "/" + year)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] body = ("{\"report\":\"ESRS E1-7\",\"account\":\"" + account + "\",\"reportingYear\":" + year
                    + ",\"totalRetiredTonnes\":" + reportedTonnes.get(account + "/" + year) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        reporting.start();
    }

    @AfterEach
    void stop() {
        reporting.stop(0);
        log.close();
    }

    @Test
    void reportsThatAgreeWithTheLogAreClean() throws Exception {
        reportedTonnes.putAll(Map.of("acme/2024", 10L, "acme/2025", 5L, "globex/2025", 7L));

        MonitorRun run = run();

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("reporting: 3 account-years compared");
        assertThat(reportRequests).hasSize(3).allSatisfy(request -> assertThat(request)
                .contains("format=json", "asOf=2026-01-02T03%3A04%3A10.000Z", "Bearer " + KEY));
    }

    @Test
    void aReportThatDiffersFromTheLogIsAFinding() throws Exception {
        reportedTonnes.putAll(Map.of("acme/2024", 10L, "acme/2025", 12L, "globex/2025", 7L));

        MonitorRun run = run();

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION reporting-mismatch",
                "account acme retired 5 t for reporting year 2025 by the log, reporting's ESRS E1-7 says 12 t");
    }

    @Test
    void anAccountReportingDoesNotKnowIsAFinding() throws Exception {
        reportedTonnes.putAll(Map.of("acme/2024", 10L, "acme/2025", 5L));

        MonitorRun run = run();

        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("VIOLATION reporting-mismatch",
                "account globex retired 7 t for reporting year 2025 by the log, reporting does not know the account");
    }

    private MonitorRun run() throws Exception {
        return MonitorRun.of(MonitorRun.arguments(log, directory, 1, "--reporting",
                "http://127.0.0.1:" + reporting.getAddress().getPort(), "--key", KEY));
    }
}
