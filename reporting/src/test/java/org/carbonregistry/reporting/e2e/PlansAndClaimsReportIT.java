package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.RegistryClient;
import org.carbonregistry.reporting.testing.RunningReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.reporting.testing.RegistryClient.unique;

/**
 * Retirement plans and claims made through registry-service's HTTP API, as reporting's ESRS E1-7 report and
 * {@code GET /api/claims/{id}} state them.
 */
class PlansAndClaimsReportIT extends RunningReporting {

    private static final int THIS_YEAR = LocalDate.now(ZoneOffset.UTC).getYear();

    record Scene(String corp, String corpKey, String auditorKey, JsonNode claimed, JsonNode claimedRetirement,
                 String contracted, String withdrawn, String thisYearPlan, Instant beforeWithdrawal) {
    }

    private static Scene scene;

    @BeforeEach
    void sceneOnce() {
        if (scene == null) {
            scene = buildScene();
        }
    }

    private Scene buildScene() {
        RegistryClient admin = new RegistryClient(registry, ADMIN_KEY);
        String developer = admin.openAccount(unique("Developer"), "PROJECT_DEVELOPER", "BR");
        String corp = admin.openAccount(unique("Corp"), "CORPORATE", "DE");
        String auditor = admin.openAccount(unique("Auditor"), "AUDITOR", "GB");
        String developerKey = admin.createKey(developer, "ACCOUNT_HOLDER");
        String corpKey = admin.createKey(corp, "ACCOUNT_HOLDER");
        String project = admin.registerProject(unique("Forest"), "VCS", "BR", "REMOVAL", "BIOGENIC", "Forestry", developer);
        String batch = admin.issue(project, 2024, 500, developer, false);
        admin.transfer(developerKey, batch, developer, corp, 200);
        JsonNode claimedRetirement = admin.retire(corpKey, batch, corp, 100, "Corp", THIS_YEAR - 1);
        admin.retire(corpKey, batch, corp, 30, "Corp", THIS_YEAR - 1);

        String contracted = admin.planRetirement(corpKey, corp, 400, THIS_YEAR + 4, true);
        String withdrawn = admin.planRetirement(corpKey, corp, 50, THIS_YEAR + 2, false);
        String thisYearPlan = admin.planRetirement(corpKey, corp, 10, THIS_YEAR, true);
        pause();
        Instant beforeWithdrawal = Instant.now();
        pause();
        admin.withdrawPlan(corpKey, corp, withdrawn);
        JsonNode claimed = admin.claim(corpKey, corp, "NEUTRALITY", THIS_YEAR - 1,
                List.of(claimedRetirement.get("retirementId").asText()));

        awaitCaughtUp();
        return new Scene(corp, corpKey, admin.createKey(auditor, "AUDITOR"), claimed, claimedRetirement, contracted,
                withdrawn, thisYearPlan, beforeWithdrawal);
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode report(int year, String asOf) {
        return reporting.get("/api/reports/esrs-e1-7?format=json&account=" + scene.corp() + "&year=" + year
                + (asOf == null ? "" : "&asOf=" + asOf), scene.corpKey()).require(200).json();
    }

    @Test
    void aPlanThenWithdrawnLeavesTheReportAndOnlyPlansAfterTheReportingYearCount() {
        JsonNode planned = report(THIS_YEAR, null).get("plannedRetirements");

        assertThat(planned.get("totalTonnes").asLong()).isEqualTo(400);
        assertThat(planned.get("basedOnExistingContractsTonnes").asLong()).isEqualTo(400);
        assertThat(planned.get("plans")).hasSize(1);
        JsonNode plan = planned.get("plans").get(0);
        assertThat(plan.get("planId").asText()).isEqualTo(scene.contracted());
        assertThat(plan.get("quantity").asLong()).isEqualTo(400);
        assertThat(plan.get("plannedYear").asInt()).isEqualTo(THIS_YEAR + 4);
        assertThat(plan.get("basedOnExistingContracts").asBoolean()).isTrue();
        assertThat(plan.get("inclusionProofUrl").asText()).endsWith("eventId=" + plan.get("eventId").asText());

        // the year before: this year's plan is in the future too
        JsonNode lastYear = report(THIS_YEAR - 1, null).get("plannedRetirements");
        assertThat(lastYear.get("totalTonnes").asLong()).isEqualTo(410);
        assertThat(lastYear.get("plans")).extracting(p -> p.get("planId").asText())
                .containsExactly(scene.thisYearPlan(), scene.contracted());
    }

    @Test
    void aReportAsOfBeforeTheWithdrawalStillStatesThePlan() {
        JsonNode planned = report(THIS_YEAR, scene.beforeWithdrawal().toString()).get("plannedRetirements");

        assertThat(planned.get("totalTonnes").asLong()).isEqualTo(450);
        assertThat(planned.get("basedOnExistingContractsTonnes").asLong()).isEqualTo(400);
        assertThat(planned.get("plans")).extracting(p -> p.get("planId").asText())
                .containsExactly(scene.withdrawn(), scene.contracted());
    }

    @Test
    void thePublicRegistryWideReportStatesPlannedTonnesButNoPlansOrClaims() {
        JsonNode report = reporting.get("/api/reports/esrs-e1-7?format=json&year=" + THIS_YEAR, null).require(200).json();

        assertThat(report.get("plannedRetirements").get("totalTonnes").asLong()).isGreaterThanOrEqualTo(400);
        assertThat(report.get("plannedRetirements").has("plans")).isFalse();
        assertThat(report.has("claims")).isFalse();
    }

    @Test
    void theClaimIsListedInTheReportOfItsPeriodWithItsRetirementsTonnes() {
        JsonNode claims = report(THIS_YEAR - 1, null).get("claims");

        assertThat(claims).hasSize(1);
        JsonNode claim = claims.get(0);
        assertThat(claim.get("claimId").asText()).isEqualTo(scene.claimed().get("claimId").asText());
        assertThat(claim.get("type").asText()).isEqualTo("NEUTRALITY");
        assertThat(claim.get("tonnes").asLong()).isEqualTo(100);
        assertThat(claim.get("retirements")).hasSize(1);
        assertThat(claim.at("/retirements/0/retirementId").asText()).isEqualTo(scene.claimedRetirement().get("retirementId").asText());
        assertThat(claim.at("/retirements/0/eventId").asText()).isEqualTo(scene.claimedRetirement().get("eventId").asText());
        assertThat(claim.at("/retirements/0/tonnes").asLong()).isEqualTo(100);
        assertThat(report(THIS_YEAR, null).get("claims")).isEmpty();
    }

    @Test
    void anyoneReadsAClaimWithItsRetirementsEventsAndProofLinks() {
        String claimId = scene.claimed().get("claimId").asText();
        JsonNode claim = reporting.get("/api/claims/" + claimId, null).require(200).json();

        assertThat(claim.get("account").asText()).isEqualTo(scene.corp());
        assertThat(claim.get("tonnes").asLong()).isEqualTo(100);
        assertThat(claim.get("eventId").asText()).isEqualTo(scene.claimed().get("eventId").asText());
        assertThat(claim.get("periodStart").asText()).isEqualTo((THIS_YEAR - 1) + "-01-01");
        assertThat(claim.get("statementCommitment").asText()).hasSize(44);
        String retirementEvent = scene.claimedRetirement().get("eventId").asText();
        assertThat(claim.at("/retirements/0/eventId").asText()).isEqualTo(retirementEvent);
        assertThat(claim.at("/retirements/0/inclusionProofUrl").asText())
                .isEqualTo(LEDGER.url() + "/api/proofs/inclusion?eventId=" + retirementEvent);

        Http.Response unknown = reporting.get("/api/claims/no-such-claim", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theCsvAndPdfShowPlansAndClaims() throws Exception {
        byte[] csv = reporting.get("/api/reports/esrs-e1-7?format=csv&account=" + scene.corp() + "&year=" + (THIS_YEAR - 1),
                scene.corpKey()).require(200).body();
        List<Map<String, String>> rows;
        try (MappingIterator<Map<String, String>> iterator = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            rows = iterator.readAll();
        }
        assertThat(rows).filteredOn(r -> r.get("record").equals("summary") && r.get("metric").equals("plannedRetirementTonnes"))
                .extracting(r -> r.get("tonnes")).containsExactly("410");
        assertThat(rows).filteredOn(r -> r.get("record").equals("plan"))
                .extracting(r -> r.get("key"), r -> r.get("plannedYear"), r -> r.get("basedOnExistingContracts"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(scene.thisYearPlan(), String.valueOf(THIS_YEAR), "true"),
                        org.assertj.core.groups.Tuple.tuple(scene.contracted(), String.valueOf(THIS_YEAR + 4), "true"));
        assertThat(rows).filteredOn(r -> r.get("record").equals("claim"))
                .extracting(r -> r.get("claimId"), r -> r.get("tonnes"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(scene.claimed().get("claimId").asText(), "100"));
        assertThat(rows).filteredOn(r -> r.get("record").equals("claimRetirement"))
                .extracting(r -> r.get("eventId"), r -> r.get("tonnes"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(scene.claimedRetirement().get("eventId").asText(), "100"));

        byte[] pdf = reporting.get("/api/reports/esrs-e1-7?format=pdf&account=" + scene.corp() + "&year=" + (THIS_YEAR - 1),
                scene.corpKey()).require(200).body();
        String text = Pdfs.text(pdf).replaceAll("\\s+", " ");
        assertThat(text).contains("Planned to be retired after " + (THIS_YEAR - 1)).contains("410 t")
                .contains("claim " + scene.claimed().get("claimId").asText());
    }
}
