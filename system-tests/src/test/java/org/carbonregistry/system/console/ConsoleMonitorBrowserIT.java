package org.carbonregistry.system.console;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.SharedStack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's Monitor page in a real headless Chromium against the three services as separate processes: it reads
 * the real ledger-anchor's /log/ tiles, replays a batch that was issued, moved, retired, cancelled and frozen, and
 * compares the totals with registry-service's batch view.
 */
@Tag("browser")
@Order(SharedStack.FIRST) // not inherited from the base class
class ConsoleMonitorBrowserIT extends ConsoleAgainstTheStack {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static final List<String> STEPS = List.of("public key", "checkpoint signature",
            "witness cosignatures", "tree from tiles", "entries", "replay", "registry totals");

    @Test
    void anHonestBatchPassesEveryCheckAndItsTotalsFromTheLogEqualTheRegistrys() throws Exception {
        String batchId = honestBatchWhoseLastEventIsLogged();

        // Reached the way a person would: from the explorer's batch view.
        browser.open(console("explorer.html?batch=" + batchId));
        browser.awaitVisible("#monitor-link").click();
        browser.await(d -> d.getCurrentUrl().contains("monitor.html?batch=" + batchId));
        WebElement verdict = browser.await(EVENTUALLY,
                d -> d.findElements(By.cssSelector("#verdict-text")).stream().findFirst().orElse(null));

        Map<String, String> outcomes = new LinkedHashMap<>();
        browser.driver.findElements(By.cssSelector("#steps li"))
                .forEach(step -> outcomes.put(step.getAttribute("data-step"), step.getAttribute("data-outcome")));
        Map<String, String> allPassed = new LinkedHashMap<>();
        STEPS.forEach(step -> allPassed.put(step, "passed"));
        assertThat(outcomes).as(browser.find("#steps").getText()).containsExactlyEntriesOf(allPassed);
        assertThat(verdict.getAttribute("data-verified")).isEqualTo("true");
        assertThat(verdict.getText()).contains("Monitored").contains(batchId);
        assertThat(browser.find("#steps li[data-step='replay']").getText()).contains("5 events of the batch");
        // The stack runs without witnesses, so its policy asks for none; policy.test.mjs covers real quorums.
        assertThat(browser.find("#steps li[data-step='witness cosignatures']").getText()).contains("quorum none");

        JsonNode batch = Http.getJson(stack.registry().url() + "/api/batches/" + batchId, null);
        assertThat(batch.path("status").asText()).isEqualTo("FROZEN");
        for (String total : List.of("issued", "held", "retired", "cancelled", "status")) {
            String fromLog = browser.find("tr[data-total=" + total + "] [data-source=log]").getText();
            String fromRegistry = browser.find("tr[data-total=" + total + "] [data-source=registry]").getText();
            assertThat(fromRegistry).as(total).isEqualTo(fromLog);
            String expected = batch.path(total).isNumber() ? String.format("%,d", batch.path(total).asLong())
                    : batch.path(total).asText();
            assertThat(fromLog).as(total).isEqualTo(expected);
        }
        assertThat(browser.find("tr[data-total=held] [data-source=log]").getText()).isEqualTo("2,965");
        browser.screenshot("monitor");
    }

    /** Issued 3,000, 1,000 moved, 25 retired, 10 cancelled, then frozen; waits until the ledger proves the freeze. */
    private String honestBatchWhoseLastEventIsLogged() throws InterruptedException {
        String api = stack.registry().url() + "/api";
        String admin = RegistryStack.ADMIN_KEY;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String developer = Http.post(api + "/accounts", admin, Map.of("name", "Monitor Forests " + suffix,
                "type", "PROJECT_DEVELOPER", "jurisdiction", "BR")).path("accountId").asText();
        String corporate = Http.post(api + "/accounts", admin, Map.of("name", "Monitor Corp " + suffix,
                "type", "CORPORATE", "jurisdiction", "DE")).path("accountId").asText();
        String developerKey = Http.post(api + "/accounts/" + developer + "/api-keys", admin, Map.of("role", "ACCOUNT_HOLDER"))
                .path("key").asText();
        String corporateKey = Http.post(api + "/accounts/" + corporate + "/api-keys", admin, Map.of("role", "ACCOUNT_HOLDER"))
                .path("key").asText();
        String project = Http.post(api + "/projects", admin, Map.of("name", "Monitored reforestation " + suffix,
                "standard", "VCS", "methodology", "VM0047", "country", "BR", "category", "REMOVAL",
                "removalSink", "BIOGENIC", "type", "ARR", "developerAccountId", developer)).path("projectId").asText();
        String batchId = Http.post(api + "/batches", admin, Map.of("projectId", project, "vintageStart", "2023-01-01",
                "vintageEnd", "2023-12-31", "quantity", 3000, "toAccount", developer, "labels", List.of(),
                "correspondingAdjustment", false)).path("batchId").asText();
        Http.post(api + "/batches/" + batchId + "/transfers", developerKey,
                Map.of("from", developer, "to", corporate, "quantity", 1000));
        Http.post(api + "/batches/" + batchId + "/retirements", corporateKey, Map.of("account", corporate,
                "quantity", 25, "beneficiary", "Monitor Corp", "purpose", "2024 voluntary claim", "reportingYear", 2024));
        Http.post(api + "/batches/" + batchId + "/cancellations", developerKey,
                Map.of("account", developer, "quantity", 10, "reason", "double counted upstream"));
        String frozen = Http.post(api + "/batches/" + batchId + "/freeze", admin, Map.of("reason", "under review"))
                .path("eventId").asText();
        Http.await(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + frozen, null, json -> true, EVENTUALLY);
        return batchId;
    }
}
