package org.carbonregistry.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.system.stack.Api;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Reporting's ESRS E1-7 disclosure, compared with the retirements the workload actually made. */
final class ReportView {

    private final Api api;
    private final String url;

    ReportView(Api api, String url) {
        this.api = api;
        this.url = url;
    }

    /** The JSON report's exact text: registry-wide when {@code account} is null. */
    String esrsText(int year, String account, String key) throws InterruptedException {
        String query = "/api/reports/esrs-e1-7?year=" + year + "&format=json" + (account == null ? "" : "&account=" + account);
        while (true) {
            Api.Response response = api.getOrFail(url + query, key);
            if (response.status() != 503) { // 503: reporting could not ask the registry about the key; ask again
                return response.requireOk("ESRS report " + query).body();
            }
            Thread.sleep(500);
        }
    }

    JsonNode esrs(int year, String account, String key) throws InterruptedException {
        return new Api.Response(200, "application/json", esrsText(year, account, key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).json();
    }

    /** Waits until the report counts as many retirements as were made (reporting consumes asynchronously). */
    void awaitRetirementCount(int year, String account, String key, long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            try {
                seen = esrs(year, account, key).get("retirementCount").asLong();
                if (seen >= expected) {
                    return;
                }
            } catch (RuntimeException restarting) {
                // reporting is still starting after a kill
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the " + year + " report counts " + seen + " retirements, not " + expected + ", after " + timeout);
    }

    /** Every figure of the report that the workload determines, and the annex row by row. */
    static void assertMatches(JsonNode report, Collection<Workload.Accepted> retirements) {
        assertThat(report.get("retirementCount").asLong()).as("retirementCount").isEqualTo(retirements.size());
        assertThat(report.get("totalRetiredTonnes").asLong()).as("totalRetiredTonnes").isEqualTo(tonnes(retirements, r -> true));
        assertThat(report.get("removalTonnes").asLong()).as("removalTonnes")
                .isEqualTo(tonnes(retirements, r -> r.project().category().equals("REMOVAL")));
        assertThat(report.get("reductionTonnes").asLong()).as("reductionTonnes")
                .isEqualTo(tonnes(retirements, r -> r.project().category().equals("REDUCTION")));
        assertThat(report.get("biogenicRemovalTonnes").asLong()).as("biogenicRemovalTonnes")
                .isEqualTo(tonnes(retirements, r -> "BIOGENIC".equals(r.project().removalSink())));
        assertThat(report.get("technologicalRemovalTonnes").asLong()).as("technologicalRemovalTonnes")
                .isEqualTo(tonnes(retirements, r -> "TECHNOLOGICAL".equals(r.project().removalSink())));
        assertThat(report.get("insideEuTonnes").asLong()).as("insideEuTonnes")
                .isEqualTo(tonnes(retirements, r -> r.project().country().equals("FI")));
        assertThat(report.get("outsideEuTonnes").asLong()).as("outsideEuTonnes")
                .isEqualTo(tonnes(retirements, r -> !r.project().country().equals("FI")));
        assertThat(report.get("correspondingAdjustmentTonnes").asLong()).as("correspondingAdjustmentTonnes")
                .isEqualTo(tonnes(retirements, r -> r.project().correspondingAdjustment()));
        Map<String, List<String>> expectedRows = new HashMap<>();
        for (Workload.Accepted retirement : retirements) {
            expectedRows.put(retirement.retirementId(), List.of(retirement.eventId(), retirement.batchId(),
                    String.valueOf(retirement.quantity()), retirement.account()));
        }
        Map<String, List<String>> reportedRows = new HashMap<>();
        for (JsonNode row : report.get("retirements")) {
            List<String> previous = reportedRows.put(row.get("retirementId").asText(), List.of(row.get("eventId").asText(),
                    row.get("batchId").asText(), row.get("quantity").asText(), row.get("account").asText()));
            assertThat(previous).as("retirement %s twice in the annex", row.get("retirementId")).isNull();
        }
        assertThat(reportedRows).isEqualTo(expectedRows);
    }

    private static long tonnes(Collection<Workload.Accepted> retirements, Predicate<Workload.Accepted> which) {
        return retirements.stream().filter(which).mapToLong(Workload.Accepted::quantity).sum();
    }
}
