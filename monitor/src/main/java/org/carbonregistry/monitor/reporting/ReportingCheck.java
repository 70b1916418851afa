package org.carbonregistry.monitor.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.monitor.Finding;
import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.monitor.rules.RegistryState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the tonnes each account retired per reporting year, as replayed from the log, with reporting's ESRS E1-7
 * JSON ({@code totalRetiredTonnes}). Reports are asked {@code asOf} the latest event time the log holds, so
 * retirements reporting consumed after the checkpoint do not count as a difference.
 */
public final class ReportingCheck {

    public static final String MISMATCH = "reporting-mismatch";

    private final LogClient reporting;

    /** @param apiKey an administrator's or auditor's key: per-account reports need one */
    public ReportingCheck(String reportingUrl, String apiKey) {
        this.reporting = new LogClient(reportingUrl, Map.of("Authorization", "Bearer " + apiKey));
    }

    public record Result(int compared, List<Finding> findings) {
    }

    public Result compare(RegistryState registry) {
        List<Finding> findings = new ArrayList<>();
        int compared = 0;
        Instant asOf = registry.latestEventTime();
        for (Map.Entry<String, TreeMap<Integer, Long>> account : registry.retiredTonnes().entrySet()) {
            for (Map.Entry<Integer, Long> year : account.getValue().entrySet()) {
                String path = "/api/reports/esrs-e1-7?format=json&account=" + encode(account.getKey())
                        + "&year=" + year.getKey() + (asOf == null ? "" : "&asOf=" + encode(EventJson.INSTANT_FORMAT.format(asOf)));
                JsonNode report;
                try {
                    report = reporting.json(path);
                } catch (LogClient.Unreachable e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                    findings.add(new Finding(MISMATCH, -1, null, account.getKey(), "account " + account.getKey()
                            + " retired " + year.getValue() + " t for reporting year " + year.getKey()
                            + " by the log, reporting does not know the account (" + e.getMessage() + ")"));
                    continue;
                }
                compared++;
                long reported = report.path("totalRetiredTonnes").asLong(-1);
                if (reported != year.getValue()) {
                    findings.add(new Finding(MISMATCH, -1, null, account.getKey(), "account " + account.getKey()
                            + " retired " + year.getValue() + " t for reporting year " + year.getKey()
                            + " by the log, reporting's ESRS E1-7 says " + reported + " t"));
                }
            }
        }
        return new Result(compared, findings);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
