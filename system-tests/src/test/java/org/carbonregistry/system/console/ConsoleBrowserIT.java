package org.carbonregistry.system.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.carbonregistry.registry.testing.ExportFiles;
import org.carbonregistry.registry.testing.ExportFiles.Expected;
import org.carbonregistry.registry.testing.ExportFiles.Export;
import org.carbonregistry.system.console.Browser.Screen;
import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.SharedStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web console in a real headless Chromium, against the three services running as separate processes on a real
 * Kafka broker: the explorer, retiring through the page, verifying real and tampered proofs in the browser, and the
 * report page agreeing with the reporting API. Screenshots of every page at laptop and phone widths go to
 * {@code target/console-screenshots/}.
 */
@Tag("browser")
@Order(SharedStack.FIRST) // not inherited from the base class
class ConsoleBrowserIT extends ConsoleAgainstTheStack {

    private static final Duration EVENTUALLY = Duration.ofSeconds(90);
    private static final List<String> VERIFY_STEPS = List.of("proof document", "public key", "checkpoint signature",
            "tree size", "leaf hash", "event id", "audit path");

    private Scene scene;

    /** What the tests find in the registry: two projects, a batch of each, credits moved to a corporate and retired. */
    record Scene(String suffix, String developer, String corporate, String corporateKey, String removalProject,
                 String removalProjectName, String reductionProject, String reductionProjectName, String removalBatch,
                 String removalPrefix, String reductionBatch, JsonNode removalRetirement, JsonNode reductionRetirement) {
    }

    @BeforeAll
    void createTheScene() {
        scene = createScene();
    }

    @BeforeEach
    void freshTab() {
        browser.show(Screen.LAPTOP);
        browser.open(console("index.html"));
        browser.script("sessionStorage.clear();");
    }

    @Test
    void theExplorerFindsProjectsAndBatchesAndShowsHoldersRetirementsAndCertificateData() throws Exception {
        browser.screenshot("index");
        browser.show(Screen.PHONE);
        browser.screenshot("index");
        browser.show(Screen.LAPTOP);

        browser.open(console("explorer.html"));
        WebElement search = browser.awaitVisible("#q");
        search.sendKeys(scene.suffix() + Keys.ENTER);
        browser.await(d -> d.getCurrentUrl().contains("q=" + scene.suffix()));
        browser.awaitVisible("table.projects");
        assertThat(texts("table.projects tbody tr td:first-child"))
                .containsExactlyInAnyOrder(scene.removalProjectName(), scene.reductionProjectName());
        assertThat(browser.find("table.batches tbody").getText()).contains(scene.removalPrefix());
        assertThat(browser.driver.findElements(By.cssSelector("table.batches tbody tr"))).hasSize(2);
        screenshots("explorer-search");

        browser.find("a[href='explorer.html?batch=" + scene.removalBatch() + "']").click();
        browser.awaitVisible("table.retirements");
        assertThat(browser.driver.findElements(By.cssSelector("table.holders"))).as("holders shown without a key").isEmpty();
        assertThat(browser.find("#explorer").getText()).contains("Who holds what is shown only with a key");

        // A key kept in the tab (by the retire or reports page) lets the explorer show who holds what.
        browser.script("sessionStorage.setItem('carbonregistry.apiKey', arguments[0]);", scene.corporateKey());
        browser.driver.navigate().refresh();
        browser.awaitVisible("table.holders");
        assertThat(browser.find("h1").getText()).contains("Batch " + scene.removalPrefix()).contains("ACTIVE");
        JsonNode batch = Http.getJson(stack.registry().url() + "/api/batches/" + scene.removalBatch(), scene.corporateKey());
        assertThat(browser.find("[data-total=issued]").getText()).isEqualTo("5,000");
        assertThat(browser.find("[data-total=retired]").getText()).isEqualTo("40");
        assertThat(browser.find("[data-total=held]").getText()).isEqualTo("4,960");
        assertThat(browser.driver.findElements(By.cssSelector("table.holders tbody tr"))).hasSize(batch.path("holders").size());
        String holders = browser.find("table.holders tbody").getText();
        for (JsonNode holder : batch.path("holders")) {
            assertThat(holders).contains(holder.path("accountId").asText())
                    .contains(holder.path("serialBlocks").get(0).path("serials").asText());
        }
        String retirements = browser.find("table.retirements tbody").getText();
        assertThat(retirements).contains("ACME Console GmbH")
                .contains(scene.removalRetirement().at("/serialBlocks/0/serials").asText());
        screenshots("explorer-batch");

        String retirementId = scene.removalRetirement().path("retirementId").asText();
        browser.find("table.retirements a").click();
        browser.awaitVisible("#certificate-heading");
        assertThat(browser.driver.getCurrentUrl()).contains("retirement=" + retirementId);
        assertThat(browser.find("#beneficiary").getText()).isEqualTo("ACME Console GmbH");
        assertThat(browser.find("#quantity").getText()).isEqualTo("40 t CO2e");
        String eventId = scene.removalRetirement().path("eventId").asText();
        assertThat(browser.find("#event-id").getText()).isEqualTo(eventId);
        assertThat(browser.find("#proof-link").getAttribute("href"))
                .isEqualTo(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId);
        assertThat(browser.find("#verify-link").getAttribute("href")).endsWith("verify.html?eventId=" + eventId);
        assertThat(browser.find("#certificate-link").getAttribute("href"))
                .isEqualTo(stack.reporting().url() + "/api/retirements/" + retirementId + "/certificate.pdf");
        screenshots("explorer-retirement");
    }

    @Test
    void theExplorerFindsASerialByItsLabelAndShowsItsHistoryWithAProofPerEvent() throws Exception {
        long serial = scene.removalRetirement().at("/serialBlocks/0/first").asLong();
        String label = String.format("%s-%09d", scene.removalPrefix(), serial);
        String retirementEvent = scene.removalRetirement().path("eventId").asText();
        Http.await(stack.reporting().url() + "/api/serials/" + serial, null,
                json -> "RETIRED".equals(json.path("status").asText()), EVENTUALLY);
        Http.await(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + retirementEvent, null, json -> true, EVENTUALLY);

        browser.open(console("explorer.html?q=999999999"));
        assertThat(browser.awaitVisible("#serial-result").getText()).contains("serial 999999999 has not been issued");
        assertThat(browser.driver.findElements(By.cssSelector("#results .problem"))).isEmpty();

        browser.open(console("explorer.html"));
        browser.awaitVisible("#q").sendKeys(label + Keys.ENTER);
        browser.awaitVisible("#serial-result a").click();
        browser.awaitVisible("table.serial-history");
        assertThat(browser.find("h1").getText()).contains("Serial " + label).contains("RETIRED");
        assertThat(texts("table.serial-history tbody tr td:nth-child(2)")).containsExactly("Issued", "Transferred", "Retired");
        assertThat(browser.find("#holders-hidden").getText()).contains("shown only with a key");
        List<String> verifyLinks = browser.driver.findElements(By.cssSelector("table.serial-history a.verify-link")).stream()
                .map(a -> a.getAttribute("href")).toList();
        assertThat(verifyLinks).hasSize(3).last().asString().endsWith("verify.html?eventId=" + retirementEvent);
        assertThat(browser.driver.findElements(By.cssSelector("table.serial-history a.proof-link")).get(2).getAttribute("href"))
                .isEqualTo(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + retirementEvent);
        screenshots("explorer-serial");

        // the corporate's key sees it as the holder the credits were transferred to
        browser.script("sessionStorage.setItem('carbonregistry.apiKey', arguments[0]);", scene.corporateKey());
        browser.driver.navigate().refresh();
        browser.awaitVisible("table.serial-history");
        assertThat(texts("table.serial-history tbody tr td:nth-child(4)")).containsExactly("hidden", scene.corporate(), "—");

        browser.driver.findElements(By.cssSelector("table.serial-history a.verify-link")).get(2).click();
        WebElement verdict = browser.await(Duration.ofSeconds(30), d -> d.findElements(By.id("verdict-text")).stream().findFirst().orElse(null));
        assertThat(verdict.getAttribute("data-verified")).as(browser.find("#steps").getText()).isEqualTo("true");
        assertThat(verdict.getText()).contains(retirementEvent);
    }

    @Test
    void retiringThroughThePageShowsTheSerialsAndALinkToTheCertificate() throws Exception {
        browser.open(console("retire.html"));
        browser.awaitVisible("#api-key").sendKeys("crk_not-a-key-anyone-was-given" + Keys.ENTER);
        assertThat(browser.awaitVisible("#key-panel .problem").getText()).contains("unknown or revoked");

        WebElement keyField = browser.find("#api-key");
        keyField.clear();
        keyField.sendKeys(scene.corporateKey() + Keys.ENTER);
        assertThat(browser.awaitVisible("#identity-account").getText()).isEqualTo(scene.corporate());
        assertThat(browser.script("return sessionStorage.getItem('carbonregistry.apiKey')")).isEqualTo(scene.corporateKey());
        browser.await(d -> d.findElements(By.cssSelector("#batch option[value='" + scene.removalBatch() + "']")).size() == 1);
        new Select(browser.find("#batch")).selectByValue(scene.removalBatch());

        // A refusal is shown as the API's own problem detail.
        browser.find("#quantity").sendKeys("999999");
        browser.find("#beneficiary").sendKeys("ACME Console GmbH");
        browser.find("#purpose").sendKeys("2025 voluntary claim");
        WebElement year = browser.find("#reporting-year");
        year.clear();
        year.sendKeys("2025");
        browser.find("#retire-button").click();
        WebElement problem = browser.awaitVisible("#result .problem");
        Http.Response refused = Http.send("POST", stack.registry().url() + "/api/batches/" + scene.removalBatch()
                + "/retirements", scene.corporateKey(), Map.of("account", scene.corporate(), "quantity", 999_999,
                "beneficiary", "ACME Console GmbH", "purpose", "2025 voluntary claim", "reportingYear", 2025));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(problem.getText()).contains("HTTP 422").contains(refused.json().path("detail").asText());
        screenshots("retire-refused");

        WebElement quantity = browser.find("#quantity");
        quantity.clear();
        quantity.sendKeys("7");
        browser.find("#retire-button").click();
        browser.awaitVisible("#retirement-result");
        String retirementId = browser.find("#retirement-id").getText();
        JsonNode recorded = Http.getJson(stack.registry().url() + "/api/batches/" + scene.removalBatch()
                + "/retirements/" + retirementId, null);
        assertThat(recorded.path("quantity").asLong()).isEqualTo(7);
        assertThat(recorded.path("reportingYear").asInt()).isEqualTo(2025);
        assertThat(recorded.path("account").asText()).isEqualTo(scene.corporate());
        assertThat(browser.find("#retired-serials").getText()).contains(recorded.at("/serialBlocks/0/serials").asText());
        assertThat(browser.find("#retirement-event-id").getText()).isEqualTo(recorded.path("eventId").asText());
        String certificateUrl = stack.reporting().url() + "/api/retirements/" + retirementId + "/certificate.pdf";
        assertThat(browser.find("#certificate-link").getAttribute("href")).isEqualTo(certificateUrl);
        screenshots("retire-result");

        // The link works once reporting has the retirement: the page fetches the PDF with the key (CORS, bearer).
        Http.await(stack.reporting().url() + "/api/retirements/" + retirementId, scene.corporateKey(), json -> true, EVENTUALLY);
        browser.find("#certificate-link").click();
        WebElement saved = browser.await(Duration.ofSeconds(30), d -> d.findElements(By.cssSelector(".certificate-ready"))
                .stream().findFirst().orElse(null));
        assertThat(saved.getText()).contains("retirement-" + retirementId + ".pdf").contains("bytes");
        Http.Response pdf = Http.get(certificateUrl, scene.corporateKey());
        assertThat(pdf.contentType()).startsWith("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    @Test
    void aClaimIsMadeFromTheAccountsRetirementsOnceAndShownWithItsProofs() throws Exception {
        String retirementId = scene.reductionRetirement().path("retirementId").asText();
        String eventId = scene.reductionRetirement().path("eventId").asText();
        Http.await(stack.reporting().url() + "/api/retirements/" + retirementId, scene.corporateKey(), json -> true, EVENTUALLY);

        browser.open(console("claims.html"));
        browser.awaitVisible("#api-key").sendKeys(scene.corporateKey() + Keys.ENTER);
        browser.awaitVisible("#identity-account");
        browser.awaitVisible("#retirement-choices input[value='" + retirementId + "']").click();
        browser.find("#statement").sendKeys("Our 2024 commuting is compensated");
        browser.find("#claim-button").click();
        browser.awaitVisible("#claim-result");
        String claimId = browser.find("#made-claim-id").getText();
        assertThat(browser.find("#claim-result").getText()).contains("Claim made: 25 t CO2e");
        screenshots("claims-made");

        // The same retirement again: the registry's refusal, naming the claim it backs, is shown.
        browser.find("#claim-button").click();
        WebElement problem = browser.awaitVisible("#result .problem");
        assertThat(problem.getText()).contains("HTTP 422").contains("already backs claim " + claimId);

        Http.await(stack.reporting().url() + "/api/claims/" + claimId, null, json -> true, EVENTUALLY);
        browser.open(console("claims.html?claim=" + claimId));
        browser.awaitVisible("table.claim-retirements");
        assertThat(browser.find("#claim-tonnes").getText()).isEqualTo("25");
        // the key kept in the tab may read the account: the statement, kept off the log, is shown with its salt
        browser.await(d -> d.findElement(By.id("claim-statement")).getText().contains("Our 2024 commuting is compensated"));
        assertThat(browser.find("table.claim-retirements tbody").getText()).contains(retirementId).contains(eventId);
        assertThat(browser.find("table.claim-retirements a").getAttribute("href"))
                .isEqualTo(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId);
        screenshots("claims-view");
    }

    @Test
    void aRealProofPassesEveryStepInTheBrowserAndATamperedOneNamesTheStepThatFailed() throws Exception {
        String eventId = scene.removalRetirement().path("eventId").asText();
        String proofUrl = stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId;
        ObjectNode proof = (ObjectNode) Http.await(proofUrl, null, json -> true, EVENTUALLY);
        assertThat(proof.path("auditPath").size()).as("a tree of more than one leaf").isPositive();

        browser.open(console("verify.html?eventId=" + eventId));
        WebElement verdict = browser.await(Duration.ofSeconds(30), d -> d.findElements(By.id("verdict-text")).stream().findFirst().orElse(null));
        assertThat(verdict.getAttribute("data-verified")).as(browser.find("#steps").getText()).isEqualTo("true");
        assertThat(verdict.getText()).contains("Verified").contains(eventId);
        assertThat(stepOutcomes()).containsExactlyEntriesOf(outcomes(VERIFY_STEPS.size(), null));
        assertThat(browser.find("#envelope pre").getText()).contains("CreditsRetired").contains(eventId);
        screenshots("verify-passed");

        ObjectNode envelopeChanged = proof.deepCopy();
        envelopeChanged.put("envelope", flipOneByte(proof.path("envelope").asText(), 40));
        assertFailsAt(envelopeChanged, "leaf hash");
        screenshots("verify-tampered-envelope");

        ObjectNode pathChanged = proof.deepCopy();
        ((ArrayNode) pathChanged.path("auditPath")).set(0, flipOneByte(proof.path("auditPath").get(0).asText(), 0));
        assertFailsAt(pathChanged, "audit path");

        ObjectNode signatureChanged = proof.deepCopy();
        signatureChanged.put("checkpoint", withOneSignatureByteFlipped(proof.path("checkpoint").asText()));
        assertFailsAt(signatureChanged, "checkpoint signature");

        ObjectNode rootChanged = proof.deepCopy();
        rootChanged.put("checkpoint", withOneRootByteFlipped(proof.path("checkpoint").asText()));
        assertFailsAt(rootChanged, "checkpoint signature");
    }

    @Test
    void theBrowserVerifierAgreesWithATextbookRfc9162LogForEveryLeafOfSmallTrees() throws Exception {
        ReferenceLog log = ReferenceLog.withAwkwardKey();
        List<Map<String, Object>> proofs = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int size = 1; size <= 9; size++) {
            log.append();
            for (int index = 0; index < size; index++) {
                Map<String, Object> proof = log.inclusionProof(index, size);
                proofs.add(proof);
                expected.add("verified");
                @SuppressWarnings("unchecked")
                List<String> path = (List<String>) proof.get("auditPath");
                for (int hash = 0; hash < path.size(); hash++) {
                    Map<String, Object> tampered = new LinkedHashMap<>(proof);
                    List<String> changed = new ArrayList<>(path);
                    changed.set(hash, flipOneByte(path.get(hash), hash));
                    tampered.put("auditPath", changed);
                    proofs.add(tampered);
                    expected.add("audit path");
                }
                if (index + 1 < size) {
                    Map<String, Object> otherLeaf = new LinkedHashMap<>(proof);
                    otherLeaf.put("leafIndex", index + 1);
                    proofs.add(otherLeaf);
                    expected.add("audit path");
                }
            }
        }
        browser.open(console("verify.html"));
        browser.awaitVisible("h1");
        // The very module the page uses, run in the page, on every proof.
        Object outcomes = browser.driver.executeAsyncScript("""
                const [proofs, key, done] = arguments;
                import('./js/proof.js').then(async (verifier) => {
                  const outcomes = [];
                  for (const proof of proofs) {
                    const result = await verifier.verifyInclusion(JSON.stringify(proof), key, () => {});
                    outcomes.push(result.verified ? 'verified' : result.failedStep);
                  }
                  done(outcomes);
                }).catch((error) => done(['error: ' + error]));
                """, proofs, log.verifierKey);
        assertThat(log.verifierKey.split("\\+", 3)[2]).contains("+", "/");
        assertThat(outcomes).as("outcome per proof").isEqualTo(expected);
    }

    @Test
    void theReportPageShowsTheTotalsOfTheReportingApi() throws Exception {
        String reportUrl = stack.reporting().url() + "/api/reports/esrs-e1-7?account=" + scene.corporate() + "&year=2024";
        JsonNode report = Http.await(reportUrl, scene.corporateKey(),
                json -> json.path("totalRetiredTonnes").asLong() == 65, EVENTUALLY);

        browser.open(console("reports.html"));
        browser.awaitVisible("#api-key").sendKeys(scene.corporateKey() + Keys.ENTER);
        browser.awaitVisible("#identity-account");
        assertThat(browser.find("#account").getAttribute("value")).as("the key's account").isEqualTo(scene.corporate());
        WebElement year = browser.find("#year");
        year.clear();
        year.sendKeys("2024");
        browser.find("#preview-button").click();
        browser.awaitVisible("#report-preview");

        assertThat(browser.find("[data-total=totalRetiredTonnes]").getText()).isEqualTo("65 t");
        assertThat(browser.find("[data-total=removalTonnes]").getText()).isEqualTo("40 t");
        assertThat(browser.find("[data-total=reductionTonnes]").getText()).isEqualTo("25 t");
        for (String metric : List.of("totalRetiredTonnes", "removalTonnes", "reductionTonnes", "biogenicRemovalTonnes",
                "technologicalRemovalTonnes", "insideEuTonnes", "outsideEuTonnes", "correspondingAdjustmentTonnes")) {
            assertThat(browser.find("td[data-metric=" + metric + "]").getAttribute("data-value")).as(metric)
                    .isEqualTo(report.path(metric).asText());
        }
        assertThat(shown("table.standard td[data-key]")).isEqualTo(asMap(report.path("byStandard")))
                .containsEntry("VCS", "40").containsEntry("GS", "25");
        assertThat(shown("table.vintage td[data-key]")).isEqualTo(asMap(report.path("byVintage")))
                .containsEntry("2023", "40").containsEntry("2022", "25");
        assertThat(bars("#chart-standard")).isEqualTo(asMap(report.path("byStandard")));
        assertThat(bars("#chart-vintage")).isEqualTo(asMap(report.path("byVintage")));
        assertThat(bars("#chart-category")).containsExactly(Map.entry("Removals", "40"), Map.entry("Reductions", "25"));
        assertThat(browser.driver.findElements(By.cssSelector("table.annex tbody tr"))).hasSize(report.path("retirements").size());

        browser.find("#download-csv").click();
        WebElement done = browser.awaitVisible(".download-done");
        assertThat(done.getText()).contains(".csv").contains("bytes");
        screenshots("reports");
    }

    @Test
    void theReportPageDownloadsTheInlineXbrlAndShowsTheRevisedEsrsFigures() throws Exception {
        String e17 = stack.reporting().url() + "/api/reports/esrs-e1-7?account=" + scene.corporate() + "&year=2024";
        JsonNode report = Http.await(e17, scene.corporateKey(), json -> json.path("totalRetiredTonnes").asLong() >= 65, EVENTUALLY);
        int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();

        browser.open(console("reports.html"));
        browser.awaitVisible("#api-key").sendKeys(scene.corporateKey() + Keys.ENTER);
        browser.awaitVisible("#identity-account");
        WebElement yearField = browser.find("#year");
        yearField.clear();
        yearField.sendKeys("2024");
        browser.find("#preview-button").click();
        browser.awaitVisible("#report-preview");
        Path downloads = folder.resolve("browser").resolve("downloads");
        browser.find("#download-xhtml").click();
        assertThat(browser.awaitVisible(".download-done[data-format=xhtml]").getText()).contains(".xhtml");
        Path file = browser.await(EVENTUALLY, d -> {
            try (var listing = Files.list(downloads)) {
                return listing.filter(f -> f.getFileName().toString().startsWith("esrs-e1-7-" + scene.corporate())
                        && f.getFileName().toString().endsWith(".xhtml")).findFirst().orElse(null);
            } catch (java.io.IOException e) {
                return null;
            }
        });
        javax.xml.parsers.DocumentBuilderFactory factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        org.w3c.dom.NodeList facts = factory.newDocumentBuilder().parse(file.toFile())
                .getElementsByTagNameNS("http://www.xbrl.org/2013/inlineXBRL", "nonFraction");
        Map<String, String> tagged = new LinkedHashMap<>();
        for (int i = 0; i < facts.getLength(); i++) {
            org.w3c.dom.Element fact = (org.w3c.dom.Element) facts.item(i);
            tagged.put(fact.getAttribute("name"), fact.getTextContent());
        }
        assertThat(tagged).containsEntry("esrs:AmountOfCarbonCreditsOutsideValueChainThatAreVerifiedAgainstRecognisedQualityStandardsAndCancelled",
                report.path("totalRetiredTonnes").asText());

        // every event projected (nothing new comes while the page loads), so the page and the API see the same
        Http.await(stack.reporting().url() + "/api/status", null, json -> json.path("totalLag").asLong(-1) == 0, EVENTUALLY);
        JsonNode revised = Http.getJson(stack.reporting().url() + "/api/reports/esrs-2026?account=" + scene.corporate()
                + "&year=" + year, scene.corporateKey());
        new Select(browser.find("#version")).selectByValue("esrs-2026");
        yearField.clear();
        yearField.sendKeys(String.valueOf(year));
        browser.find("#preview-button").click();
        browser.await(d -> d.findElements(By.cssSelector("table.revised")).isEmpty() ? null : true);
        // bought this year: 1,000 and 500 credits, less what was retired since
        assertThat(revised.path("purchasedNotCancelledTonnes").asLong()).isPositive().isLessThanOrEqualTo(1500 - 65);
        for (String metric : List.of("cancelledTonnes", "purchasedNotCancelledTonnes", "removalSharePercent",
                "natureBasedRemovalTonnes", "technologicalRemovalTonnes")) {
            assertThat(new java.math.BigDecimal(browser.find("td[data-metric=" + metric + "]").getAttribute("data-value")))
                    .as(metric).isEqualByComparingTo(revised.path(metric).decimalValue());
        }
        assertThat(browser.find("[data-total=purchasedNotCancelledTonnes]").getText())
                .isEqualTo(String.format(java.util.Locale.US, "%,d t", revised.path("purchasedNotCancelledTonnes").asLong()));
        screenshots("reports-2026");
    }

    @Test
    void anAdministratorImportsAVerraExportThroughThePageOnceAndAFileOfNoKnownProgrammeIsRefused() throws Exception {
        String api = stack.registry().url() + "/api";
        // six issuances: issued, retired, cancelled and one split into a retired front and an issued rest (7 rows)
        Export export = ExportFiles.verra(6, freshSerialBase(), 13);
        List<String> lines = export.csv().lines().toList();
        Expected malformed = export.rows().get(1);
        String quantityIssued = "\"" + String.format(java.util.Locale.US, "%,d", malformed.quantity()) + "\"";
        assertThat(lines.get(2)).contains(malformed.serials(), quantityIssued);
        List<String> withBadRow = new ArrayList<>(lines);
        withBadRow.set(2, lines.get(2).replace(quantityIssued, "lots"));
        Path file = csvFile("vcus-" + scene.suffix() + ".csv", String.join("\n", withBadRow) + "\n");
        List<Expected> imported = new ArrayList<>(export.rows());
        imported.remove(malformed);

        openTheImportsPageAsAnAdministrator();
        upload("verra", file);

        WebElement done = browser.awaitVisible("#result h3");
        assertThat(done.getText()).isEqualTo("Import done");
        assertThat(browser.find("#rows-read").getText()).isEqualTo(String.valueOf(lines.size() - 1));
        assertThat(browser.find("#batches-created").getText()).isEqualTo(String.valueOf(imported.size()));
        assertThat(browser.find("#rows-unchanged").getText()).isEqualTo("0");
        assertThat(browser.find("#rows-refused").getText()).isEqualTo("1");
        assertThat(texts("table.refused-rows tbody tr td:first-child")).containsExactly("3");
        assertThat(browser.find("table.refused-rows tbody tr td:nth-child(2)").getText())
                .contains("'Quantity Issued'", "lots");
        assertThat(imported).extracting(Expected::status).contains("issued", "retired", "cancelled");
        Collection<JsonNode> batches = assertCreatedBatchesShown(export, imported, "VCS");
        screenshots("imports-done");

        uploadAgainAndExpectNoChange("verra", file, done, batches, imported.size());
        assertThat(texts("table.refused-rows tbody tr td:first-child")).containsExactly("3");
        screenshots("imports-again");

        // A file that is no programme's export, and a Verra export sent as Gold Standard's: refused, nothing created.
        upload("verra", csvFile("sales-" + scene.suffix() + ".csv", "Date,Buyer,Tonnes\n2024-05-01,ACME GmbH,12\n"));
        WebElement problem = browser.awaitVisible("#result .problem");
        assertThat(problem.getText()).contains("HTTP 400").contains("the header lacks the verra export's columns")
                .contains("Serial Number");
        assertThat(browser.driver.findElements(By.cssSelector("#rows-read"))).isEmpty();
        Export unknown = ExportFiles.verra(2, freshSerialBase(), 17);
        upload("gold-standard", csvFile("verra-as-gs-" + scene.suffix() + ".csv", unknown.csv()));
        browser.await(d -> ExpectedConditions.stalenessOf(problem).apply(d));
        assertThat(browser.awaitVisible("#result .problem").getText()).contains("HTTP 400").contains("GSID");
        screenshots("imports-refused");
        Http.Response importedAfter = Http.sendText("POST", api + "/imports?source=verra", RegistryStack.ADMIN_KEY,
                "text/csv", unknown.csv());
        assertThat(importedAfter.status()).isEqualTo(201);
        assertThat(importedAfter.json().path("batchesCreated").asLong()).as("the refused upload created nothing")
                .isEqualTo(unknown.rows().size());
        assertThat(importedAfter.json().path("rowsUnchanged").asLong()).isZero();
    }

    @Test
    void anAdministratorImportsAGoldStandardExportThroughThePageOnce() throws Exception {
        // six issuances, each its own block: issued, retired, cancelled and one split in two (7 rows, some with a
        // retirement note over two lines)
        Export export = ExportFiles.goldStandard(6, freshSerialBase(), 19);
        assertThat(export.rows()).extracting(Expected::status).contains("issued", "retired", "cancelled");
        Path file = csvFile("gs-credits-" + scene.suffix() + ".csv", export.csv());

        openTheImportsPageAsAnAdministrator();
        upload("gold-standard", file);

        WebElement done = browser.awaitVisible("#result h3");
        assertThat(done.getText()).isEqualTo("Import done");
        assertThat(browser.find("#rows-read").getText()).isEqualTo(String.valueOf(export.rows().size()));
        assertThat(browser.find("#batches-created").getText()).isEqualTo(String.valueOf(export.rows().size()));
        assertThat(browser.find("#rows-unchanged").getText()).isEqualTo("0");
        assertThat(browser.find("#rows-refused").getText()).isEqualTo("0");
        Collection<JsonNode> batches = assertCreatedBatchesShown(export, export.rows(), "GS");
        screenshots("imports-gold-standard");

        uploadAgainAndExpectNoChange("gold-standard", file, done, batches, export.rows().size());
        assertThat(browser.find("#rows-refused").getText()).isEqualTo("0");
    }

    @Test
    void everyPageIsLabelledUsableByKeyboardAndFitsAPhone() throws Exception {
        for (String page : List.of("index.html", "explorer.html", "retire.html", "claims.html", "verify.html", "reports.html",
                "imports.html")) {
            browser.open(console(page));
            browser.awaitVisible("h1");
            assertThat(browser.script("return document.documentElement.lang")).isEqualTo("en");
            Object unlabelled = browser.script("return Array.from(document.querySelectorAll('input, select, textarea'))"
                    + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.id || e.name)");
            assertThat((List<?>) unlabelled).as("form controls without a label on %s", page).isEmpty();
            browser.show(Screen.PHONE);
            browser.open(console(page));
            browser.awaitVisible("h1");
            Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s at a phone's width", page).isLessThanOrEqualTo(0);
            browser.show(Screen.LAPTOP);
        }

        browser.open(console("explorer.html"));
        browser.awaitVisible("#q");
        WebElement body = browser.find("body");
        body.sendKeys(Keys.TAB);
        assertThat(focused().getText()).isEqualTo("Skip to content");
        focused().sendKeys(Keys.ENTER);
        browser.await(d -> d.getCurrentUrl().endsWith("#main"));
        for (int tabs = 0; tabs < 12 && !"q".equals(focused().getAttribute("id")); tabs++) {
            focused().sendKeys(Keys.TAB);
        }
        assertThat(focused().getAttribute("id")).as("the search field is reached by keyboard").isEqualTo("q");
        focused().sendKeys(scene.reductionProjectName() + Keys.ENTER);
        browser.await(d -> d.findElements(By.cssSelector("table.projects tbody tr")).size() == 1);
        WebElement projectLink = browser.find("table.projects a");
        assertThat(projectLink.getText()).isEqualTo(scene.reductionProjectName());
        projectLink.sendKeys(Keys.ENTER);
        browser.await(d -> d.getCurrentUrl().contains("project=" + scene.reductionProject()));
        assertThat(browser.awaitVisible("h1").getText()).isEqualTo(scene.reductionProjectName());
        screenshots("explorer-project");
    }

    // --- helpers ---

    /**
     * The import page lists one created batch per {@code imported} row, in order, and each is in the registry as the
     * page says: the programme's serials, {@code standard}, every credit where the row's status puts it.
     *
     * @return the batches, as the registry answered them
     */
    private Collection<JsonNode> assertCreatedBatchesShown(Export export, List<Expected> imported, String standard) {
        String api = stack.registry().url() + "/api";
        List<WebElement> created = browser.driver.findElements(By.cssSelector("table.created-batches tbody tr"));
        assertThat(created).hasSize(imported.size());
        List<JsonNode> batches = new ArrayList<>();
        for (int i = 0; i < created.size(); i++) {
            Expected expected = imported.get(i);
            List<String> cells = created.get(i).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            int row = export.rows().indexOf(expected) + 2;
            assertThat(List.of(cells.get(0), cells.get(2), cells.get(3), cells.get(4))).as("row %d", row).containsExactly(
                    String.valueOf(row), expected.serials(), expected.status(),
                    String.format(java.util.Locale.US, "%,d", expected.quantity()));
            String href = created.get(i).findElement(By.cssSelector("a")).getAttribute("href");
            String batchId = href.substring(href.indexOf("batch=") + "batch=".length());
            JsonNode batch = Http.getJson(api + "/batches/" + batchId, RegistryStack.ADMIN_KEY);
            assertThat(batch.path("externalSerials").asText()).as("row %d", row).isEqualTo(expected.serials());
            assertThat(batch.path("standard").asText()).isEqualTo(standard);
            assertThat(batch.path("issued").asLong()).as("row %d", row).isEqualTo(expected.quantity());
            String spent = switch (expected.status()) {
                case "retired" -> "retired";
                case "cancelled" -> "cancelled";
                default -> "held";
            };
            assertThat(batch.path(spent).asLong()).as("row %d %s", row, spent).isEqualTo(expected.quantity());
            batches.add(batch);
        }
        return batches;
    }

    /**
     * The same file uploaded again (the page still showing the first answer, {@code shown}): every imported row
     * unchanged, no batch created, and the batches of the projects they belong to as they were.
     */
    private void uploadAgainAndExpectNoChange(String source, Path file, WebElement shown, Collection<JsonNode> batches,
                                              int imported) {
        String api = stack.registry().url() + "/api";
        Map<String, JsonNode> projectBatches = new LinkedHashMap<>();
        for (JsonNode batch : batches) {
            String project = batch.path("projectId").asText();
            projectBatches.put(project, Http.getJson(api + "/batches?projectId=" + project, null));
        }
        upload(source, file);
        browser.await(d -> ExpectedConditions.stalenessOf(shown).apply(d));
        assertThat(browser.awaitVisible("#result h3").getText()).isEqualTo("Import done");
        assertThat(browser.find("#batches-created").getText()).isEqualTo("0");
        assertThat(browser.find("#rows-unchanged").getText()).isEqualTo(String.valueOf(imported));
        assertThat(browser.driver.findElements(By.cssSelector("table.created-batches"))).isEmpty();
        for (var project : projectBatches.entrySet()) {
            assertThat(Http.getJson(api + "/batches?projectId=" + project.getKey(), null))
                    .as("the batches of project %s after the same file again", project.getKey()).isEqualTo(project.getValue());
        }
    }

    private void openTheImportsPageAsAnAdministrator() {
        browser.open(console("imports.html"));
        browser.awaitVisible("#api-key").sendKeys(RegistryStack.ADMIN_KEY + Keys.ENTER);
        browser.awaitVisible("#import-form");
    }

    /** Chooses the programme and the file, and sends the form from the keyboard (Enter on the Import button). */
    private void upload(String source, Path file) {
        new Select(browser.find("#source")).selectByValue(source);
        WebElement input = browser.find("#file");
        input.clear();
        input.sendKeys(file.toString());
        browser.find("#import-button").sendKeys(Keys.ENTER);
    }

    private Path csvFile(String name, String csv) throws java.io.IOException {
        Path file = folder.resolve("imports").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** Serial numbers no other import of this registry used. */
    private static long freshSerialBase() {
        return java.util.concurrent.ThreadLocalRandom.current().nextLong(1_000_000L, 900_000_000_000L);
    }

    private void screenshots(String name) throws Exception {
        browser.screenshot(name);
        browser.show(Screen.PHONE);
        browser.screenshot(name);
        browser.show(Screen.LAPTOP);
    }

    private WebElement focused() {
        return browser.driver.switchTo().activeElement();
    }

    private List<String> texts(String css) {
        return browser.driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private Map<String, String> shown(String css) {
        Map<String, String> values = new LinkedHashMap<>();
        browser.driver.findElements(By.cssSelector(css))
                .forEach(cell -> values.put(cell.getAttribute("data-key"), cell.getAttribute("data-value")));
        return values;
    }

    private Map<String, String> bars(String chart) {
        Map<String, String> values = new LinkedHashMap<>();
        browser.driver.findElements(By.cssSelector(chart + " rect[data-label]"))
                .forEach(bar -> values.put(bar.getAttribute("data-label"), bar.getAttribute("data-value")));
        return values;
    }

    private static Map<String, String> asMap(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    private Map<String, String> stepOutcomes() {
        Map<String, String> outcomes = new LinkedHashMap<>();
        browser.driver.findElements(By.cssSelector("#steps li"))
                .forEach(step -> outcomes.put(step.getAttribute("data-step"), step.getAttribute("data-outcome")));
        return outcomes;
    }

    /** Every step in order: passed before {@code failed}, failed at it, skipped after it (all passed if null). */
    private static Map<String, String> outcomes(int count, String failed) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        boolean failedYet = false;
        for (String step : VERIFY_STEPS.subList(0, count)) {
            if (step.equals(failed)) {
                outcomes.put(step, "failed");
                failedYet = true;
            } else {
                outcomes.put(step, failedYet ? "skipped" : "passed");
            }
        }
        return outcomes;
    }

    private void assertFailsAt(ObjectNode tampered, String step) {
        browser.paste(browser.find("#proof"), tampered.toPrettyString());
        browser.find("#verify-button").click();
        WebElement verdict = browser.await(d -> d.findElements(By.cssSelector("#verdict-text[data-verified=false]"))
                .stream().findFirst().orElse(null));
        assertThat(verdict.getAttribute("data-failed-step")).as(verdict.getText()).isEqualTo(step);
        assertThat(verdict.getText()).contains("Not verified").contains(step);
        assertThat(stepOutcomes()).containsExactlyEntriesOf(outcomes(VERIFY_STEPS.size(), step));
        assertThat(browser.find("#steps li[data-step='" + step + "']").getText()).contains("FAILED");
    }

    private static String flipOneByte(String base64, int index) {
        byte[] bytes = Base64.getDecoder().decode(base64);
        bytes[index] ^= 0x01;
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The signed note with one byte of the log's signature (the first signature line) changed; the text is untouched. */
    private static String withOneSignatureByteFlipped(String note) {
        int start = note.lastIndexOf("\n\n") + 2;
        int end = note.indexOf('\n', start);
        String line = note.substring(start, end);
        int space = line.lastIndexOf(' ');
        return note.substring(0, start) + line.substring(0, space + 1) + flipOneByte(line.substring(space + 1), 10)
                + note.substring(end);
    }

    /** The signed note with one byte of the root hash (line 3 of the signed text) changed. */
    private static String withOneRootByteFlipped(String note) {
        String[] parts = note.split("\n", -1);
        parts[2] = flipOneByte(parts[2], 0);
        return String.join("\n", parts);
    }

    private Scene createScene() {
        String api = stack.registry().url() + "/api";
        String admin = RegistryStack.ADMIN_KEY;
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String developer = Http.post(api + "/accounts", admin, Map.of("name", "Amazonia Reforest " + suffix,
                "type", "PROJECT_DEVELOPER", "jurisdiction", "BR")).path("accountId").asText();
        String corporate = Http.post(api + "/accounts", admin, Map.of("name", "ACME Console GmbH " + suffix,
                "type", "CORPORATE", "jurisdiction", "DE")).path("accountId").asText();
        String developerKey = Http.post(api + "/accounts/" + developer + "/api-keys", admin, Map.of("role", "ACCOUNT_HOLDER"))
                .path("key").asText();
        String corporateKey = Http.post(api + "/accounts/" + corporate + "/api-keys", admin, Map.of("role", "ACCOUNT_HOLDER"))
                .path("key").asText();
        String removalName = "Pará reforestation " + suffix;
        String removalProject = Http.post(api + "/projects", admin, Map.of("name", removalName, "standard", "VCS",
                "methodology", "VM0047", "country", "BR", "category", "REMOVAL", "removalSink", "BIOGENIC",
                "type", "ARR", "developerAccountId", developer)).path("projectId").asText();
        String reductionName = "Kenya cookstoves " + suffix;
        String reductionProject = Http.post(api + "/projects", admin, Map.of("name", reductionName, "standard", "GS",
                "methodology", "TPDDTEC", "country", "KE", "category", "REDUCTION", "type", "Cookstoves",
                "developerAccountId", developer)).path("projectId").asText();
        JsonNode removalBatch = Http.post(api + "/batches", admin, Map.of("projectId", removalProject,
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 5000, "toAccount", developer,
                "labels", List.of("CCP"), "correspondingAdjustment", false));
        JsonNode reductionBatch = Http.post(api + "/batches", admin, Map.of("projectId", reductionProject,
                "vintageStart", "2022-01-01", "vintageEnd", "2022-12-31", "quantity", 2000, "toAccount", developer,
                "labels", List.of(), "correspondingAdjustment", false));
        String removal = removalBatch.path("batchId").asText();
        String reduction = reductionBatch.path("batchId").asText();
        Http.post(api + "/batches/" + removal + "/transfers", developerKey, Map.of("from", developer, "to", corporate, "quantity", 1000));
        Http.post(api + "/batches/" + reduction + "/transfers", developerKey, Map.of("from", developer, "to", corporate, "quantity", 500));
        JsonNode removalRetirement = Http.post(api + "/batches/" + removal + "/retirements", corporateKey, Map.of(
                "account", corporate, "quantity", 40, "beneficiary", "ACME Console GmbH",
                "purpose", "2024 voluntary claim", "reportingYear", 2024));
        JsonNode reductionRetirement = Http.post(api + "/batches/" + reduction + "/retirements", corporateKey, Map.of(
                "account", corporate, "quantity", 25, "beneficiary", "ACME Console GmbH",
                "purpose", "2024 voluntary claim", "reportingYear", 2024));
        return new Scene(suffix, developer, corporate, corporateKey, removalProject, removalName, reductionProject,
                reductionName, removal, removalBatch.path("serialPrefix").asText(), reduction, removalRetirement,
                reductionRetirement);
    }
}
