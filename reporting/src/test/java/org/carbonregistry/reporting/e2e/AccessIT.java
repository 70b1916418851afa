package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.openapi.ApiContract;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The design's visibility rule for every reporting endpoint, asked by five callers: no key, another account's key,
 * the account's own key, an auditor's and an administrator's. Public: registry-wide aggregates, one retirement and
 * its certificate, the status, the health status. Key needed: an account's reports and retirements; every account's
 * retirements, the quarantine, health details and metrics for auditors and administrators; replay for administrators.
 */
class AccessIT extends StandInReporting {

    private static final String ACCOUNT = "corp-access";
    private static final List<String> CALLERS = List.of("anonymous", "other", "own", "auditor", "admin");
    private static Map<String, String> keys;

    @BeforeEach
    void sceneOnce() {
        if (keys != null) {
            return;
        }
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(ACCOUNT, AccountType.CORPORATE, "NL"),
                HISTORY.openAccount("corp-access-other", AccountType.CORPORATE, "IT"),
                HISTORY.registerProject("project-access", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Peatland", ACCOUNT),
                HISTORY.issue("batch-access", "project-access", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2024, 10, ACCOUNT, false),
                HISTORY.retire("batch-access", "retire-access", ACCOUNT, 4, "Holder BV", 2024),
                HISTORY.claim("claim-access", ACCOUNT, 2024, "retire-access"),
                // a batch invalidated after a retirement: the documents must describe the flagged answers too
                HISTORY.issue("batch-access-void", "project-access", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2024, 6, ACCOUNT, false),
                HISTORY.retire("batch-access-void", "retire-access-void", ACCOUNT, 2, "Holder BV", 2024),
                HISTORY.invalidate("batch-access-void", "verification withdrawn")));
        await("reporting has the retirements and the invalidation").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/retire-access", null).status() == 200
                        && reporting.get("/api/retirements/retire-access-void", null).json().path("invalidated").asBoolean());
        Map<String, String> made = new LinkedHashMap<>();
        made.put("anonymous", null);
        made.put("other", REGISTRY.key("corp-access-other", "ACCOUNT_HOLDER"));
        made.put("own", REGISTRY.key(ACCOUNT, "ACCOUNT_HOLDER"));
        made.put("auditor", REGISTRY.key("auditor-access", "AUDITOR"));
        made.put("admin", ADMIN_KEY);
        keys = made;
    }

    /** The status each caller gets, in the order of {@link #CALLERS}. */
    private List<Integer> statuses(String path) {
        return CALLERS.stream().map(caller -> reporting.get(path, keys.get(caller)).status()).toList();
    }

    @Test
    void anAccountsReportAndRetirementListNeedItsKeyOrAnAuditorsOrAnAdministrators() {
        for (String format : List.of("json", "csv", "pdf")) {
            assertThat(statuses("/api/reports/esrs-e1-7?year=2024&format=" + format + "&account=" + ACCOUNT))
                    .as(format).containsExactly(401, 403, 200, 200, 200);
        }
        assertThat(statuses("/api/retirements?account=" + ACCOUNT)).containsExactly(401, 403, 200, 200, 200);
    }

    @Test
    void registryWideAggregatesArePublicTheirAnnexAndEveryAccountsRetirementsAreNot() {
        assertThat(statuses("/api/reports/esrs-e1-7?year=2024")).containsExactly(200, 200, 200, 200, 200);
        List<Boolean> annex = CALLERS.stream().map(caller -> reporting.get("/api/reports/esrs-e1-7?year=2024",
                keys.get(caller)).json().has("retirements")).toList();
        assertThat(annex).containsExactly(false, false, false, true, true);
        assertThat(statuses("/api/retirements")).containsExactly(401, 403, 403, 200, 200);
    }

    @Test
    void aRetirementAndItsCertificateArePublic() {
        assertThat(statuses("/api/retirements/retire-access")).containsExactly(200, 200, 200, 200, 200);
        assertThat(statuses("/api/retirements/retire-access/certificate.pdf")).containsExactly(200, 200, 200, 200, 200);
        JsonNode retirement = reporting.get("/api/retirements/retire-access", null).json();
        assertThat(retirement.get("quantity").asLong()).isEqualTo(4);
        assertThat(retirement.get("serialBlocks")).isNotEmpty();
    }

    @Test
    void theQuarantineIsForAuditorsAndAdministrators() {
        assertThat(statuses("/api/quarantine")).containsExactly(401, 403, 403, 200, 200);
    }

    @Test
    void theHealthStatusIsPublicItsDetailsAndTheMetricsAreNot() {
        assertThat(statuses("/actuator/health")).containsExactly(200, 200, 200, 200, 200);
        assertThat(statuses("/actuator/health/readiness")).containsExactly(200, 200, 200, 200, 200);
        List<Boolean> details = CALLERS.stream().map(caller -> reporting.get("/actuator/health", keys.get(caller))
                .json().has("components")).toList();
        assertThat(details).containsExactly(false, false, false, true, true);
        assertThat(statuses("/actuator/prometheus")).containsExactly(401, 403, 403, 200, 200);
        assertThat(statuses("/actuator/metrics")).containsExactly(401, 403, 403, 200, 200);
        Http.Response refused = reporting.get("/actuator/prometheus", null);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().get("detail").asText()).contains("administrator's or auditor's API key");
    }

    @Test
    void theStatusIsPublic() {
        assertThat(statuses("/api/status")).containsExactly(200, 200, 200, 200, 200);
    }

    @Test
    void onlyAnAdministratorMayReplay() {
        List<Integer> refused = CALLERS.subList(0, 4).stream()
                .map(caller -> reporting.post("/api/admin/replay", keys.get(caller), null).status()).toList();
        assertThat(refused).containsExactly(401, 403, 403, 403);
        long events = reporting.get("/api/status", null).json().get("projection").get("events").asLong();

        assertThat(reporting.post("/api/admin/replay", ADMIN_KEY, null).status()).isEqualTo(202);

        awaitReplayed(events);
    }

    private void awaitReplayed(long events) {
        await("the replay has rebuilt every event").atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = reporting.get("/api/status", null).json();
            return status.get("projection").get("events").asLong() == events && status.get("totalLag").asLong() == 0;
        });
    }

    /**
     * The served OpenAPI 3.1 document is the contract: every endpoint it lists is asked, with success and with a
     * refusal where one exists, and each request and answer is checked against the document ({@link ApiContract});
     * an endpoint added without being exercised here fails the last assertion.
     */
    @Test
    void everyEndpointAnswersAsTheServedDocumentSays() {
        ApiContract api = ApiContract.served("http://127.0.0.1:" + port)
                .saveTo(Path.of("target", "openapi", "reporting.json"));
        String own = keys.get("own");
        String other = keys.get("other");

        for (String report : List.of("esrs-e1-7", "esrs-2026")) {
            String path = "/api/reports/" + report + "?year=2024";
            api.get(path, null).expect(200);
            for (String format : List.of("json", "csv", "pdf", "xhtml")) {
                api.get(path + "&format=" + format + "&account=" + ACCOUNT, own).expect(200);
            }
            api.get(path + "&account=" + ACCOUNT, other).expect(403);
            api.get(path + "&format=doc", null).expect(400);
        }
        api.get("/api/retirements?account=" + ACCOUNT, own).expect(200);
        api.get("/api/retirements", ADMIN_KEY).expect(200);
        api.get("/api/retirements", own).expect(403);
        api.get("/api/retirements?account=" + ACCOUNT, null).expect(401);
        JsonNode retirement = api.get("/api/retirements/retire-access", null).expect(200).json();
        api.get("/api/retirements/no-such-retirement", null).expect(404);
        api.get("/api/retirements/retire-access/certificate.pdf", null).expect(200);
        api.get("/api/retirements/no-such-retirement/certificate.pdf", null).expect(404);
        String label = retirement.get("serialBlocks").get(0).get("serials").asText();
        String serial = label.substring(0, label.lastIndexOf('-')); // "<prefix>-<first>-<last>": its first serial
        api.get("/api/serials/" + serial, null).expect(200);
        JsonNode invalidated = api.get("/api/retirements/retire-access-void", null).expect(200).json();
        assertThat(invalidated.path("invalidated").asBoolean()).isTrue();
        long lastRetired = invalidated.get("serialBlocks").get(0).get("last").asLong();
        api.get("/api/serials/" + lastRetired, null).expect(200);
        api.get("/api/serials/" + (lastRetired + 1), ADMIN_KEY).expect(200);
        api.get("/api/retirements/retire-access-void/certificate.pdf", null).expect(200);
        api.get("/api/serials/no-serial-here", null).expect(400);
        api.get("/api/claims/claim-access", null).expect(200);
        api.get("/api/claims/no-such-claim", null).expect(404);
        api.get("/api/status", null).expect(200);
        api.get("/api/quarantine", ADMIN_KEY).expect(200);
        api.get("/api/quarantine", own).expect(403);
        api.post("/api/admin/replay", own, null).expect(403);
        long events = reporting.get("/api/status", null).json().get("projection").get("events").asLong();
        api.post("/api/admin/replay", ADMIN_KEY, null).expect(202);
        awaitReplayed(events);

        api.assertEveryOperationExercised();
    }

    @Test
    void introspectionPresentsReportingsServiceKey() {
        assertThat(reporting.get("/api/retirements?account=" + ACCOUNT, REGISTRY.key(ACCOUNT, "ACCOUNT_HOLDER")).status())
                .isEqualTo(200);
        assertThat(REGISTRY.refused()).isZero();
    }
}
