package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.ledger.policy.TlogPolicy;
import org.carbonregistry.ledger.verify.TlogProof;
import org.carbonregistry.ledger.verify.TlogProofVerification;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.LedgerContractServer;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A retirement is called anchored only when the ledger's inclusion proof leads to a checkpoint signed by the ledger's
 * key, which reporting fetched once from {@code /api/public-key} and pinned. A ledger whose checkpoints another key
 * signed gets "NOT VERIFIED", in the certificate and in the retirement's JSON.
 */
class AnchoringIT extends StandInReporting {

    @Autowired
    JdbcTemplate jdbc;

    @AfterEach
    void ledgerSignsWithItsOwnKeyAgain() {
        LEDGER.signCheckpointsWithOwnKey();
    }

    /** Publishes an account, project, batch and the retirement {@code retire-<name>}; waits until reporting has it. */
    private ConsumedRecord retire(String name, int quantity, String beneficiary) {
        String corp = "corp-" + name;
        String batch = "batch-" + name;
        ConsumedRecord retirement;
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(corp, AccountType.CORPORATE, "FR"),
                HISTORY.registerProject("project-" + name, Standard.PURO, "DE", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, "DACCS", corp),
                HISTORY.issue(batch, "project-" + name, Standard.PURO, "DE", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, 2024, 50, corp, true),
                retirement = HISTORY.retire(batch, "retire-" + name, corp, quantity, beneficiary, 2025)));
        await("reporting has the retirement").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/retire-" + name, null).status() == 200);
        return retirement;
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsNeverCalledAnchored() throws Exception {
        ConsumedRecord retirement = retire("anchor", 12, "Anchored AG");
        String certificateUrl = "/api/retirements/retire-anchor/certificate.pdf";
        assertThat(reporting.get(certificateUrl, null).require(200).headers().firstValue("X-Ledger-Status"))
                .contains("NotYetAnchored");

        int leaf = LEDGER.anchor(retirement.value());
        Http.Response anchored = reporting.get(certificateUrl, null).require(200);
        assertThat(anchored.headers().firstValue("X-Ledger-Status")).contains("Anchored");
        assertThat(Pdfs.text(anchored.body()).replaceAll("\\s+", " ")).contains("Ledger leaf index " + leaf,
                "signed by the ledger's key");
        assertThat(jdbc.queryForObject("SELECT verifier_key FROM rpt_pinned_keys WHERE purpose = 'ledger'", String.class))
                .isEqualTo(LEDGER.publicKey());

        LEDGER.signCheckpointsWith(TestKeys.newLedgerSigner(LedgerContractServer.ORIGIN));

        Http.Response forged = reporting.get(certificateUrl, null).require(200);
        assertThat(forged.headers().firstValue("X-Ledger-Status")).contains("Unverified");
        assertThat(Pdfs.text(forged.body()).replaceAll("\\s+", " "))
                .contains("NOT VERIFIED: checkpoint signature").doesNotContain("Ledger leaf index");
        JsonNode json = reporting.get("/api/retirements/retire-anchor", null).require(200).json();
        assertThat(json.get("ledger").get("status").asText()).isEqualTo("Unverified");
        assertThat(json.get("ledger").get("reason").asText()).startsWith("checkpoint signature");
        assertThat(json.get("ledger").has("leafIndex")).isFalse();
    }

    @Test
    void theCertificateCarriesTheTlogProofWhichVerifiesAgainstTheLedgersPolicy() throws Exception {
        ConsumedRecord retirement = retire("tlog", 7, "Tlog AG");
        String certificateUrl = "/api/retirements/retire-tlog/certificate.pdf";

        // Not yet checkpointed: said the way the inclusion proof says it.
        JsonNode pending = reporting.get("/api/retirements/retire-tlog", null).require(200).json();
        assertThat(pending.get("tlogProof").isNull()).isTrue();
        assertThat(pending.get("tlogProofStatus").get("status").asText()).isEqualTo("NotYetCheckpointed");
        assertThat(pending.get("tlogProofStatus").get("url").asText())
                .isEqualTo(LEDGER.url() + "/api/proofs/tlog-proof?eventId=" + pending.get("eventId").asText());
        Http.Response pendingPdf = reporting.get(certificateUrl, null).require(200);
        assertThat(pendingPdf.headers().firstValue("X-Tlog-Proof-Status")).contains("NotYetCheckpointed");
        assertThat(Pdfs.text(pendingPdf.body()).replaceAll("\\s+", " ")).contains("tlog-proof: not yet checkpointed");

        LEDGER.anchor(retirement.value());
        JsonNode json = reporting.get("/api/retirements/retire-tlog", null).require(200).json();
        assertThat(json.get("tlogProofStatus").get("status").asText()).isEqualTo("Proof");
        String text = json.get("tlogProof").asText();
        byte[] policyFile = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LEDGER.url() + "/log/policy"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        List<String> steps = new ArrayList<>();
        TlogProofVerification.Result verified = TlogProofVerification.verify(
                TlogProof.parse(text.getBytes(StandardCharsets.UTF_8)), TlogPolicy.parse(policyFile),
                (step, detail) -> steps.add(step));
        assertThat(verified.eventId()).isEqualTo(json.get("eventId").asText());
        assertThat(verified.cosignatures()).containsOnlyKeys(LedgerContractServer.WITNESS);
        assertThat(steps).containsExactly("entry", "checkpoint signature", "cosignature", "witness quorum", "inclusion proof");

        Http.Response pdf = reporting.get(certificateUrl, null).require(200);
        assertThat(pdf.headers().firstValue("X-Tlog-Proof-Status")).contains("Proof");
        assertThat(Pdfs.text(pdf.body())).contains("c2sp.org/tlog-proof@v1", "index " + verified.index(),
                LedgerContractServer.WITNESS);
        assertThat(Pdfs.text(pdf.body()).replaceAll("\\s+", " ")).contains("verify --tlog-proof f --policy p");

        // A proof whose checkpoint another key signed is never handed on.
        LEDGER.signCheckpointsWith(TestKeys.newLedgerSigner(LedgerContractServer.ORIGIN));
        JsonNode forged = reporting.get("/api/retirements/retire-tlog", null).require(200).json();
        assertThat(forged.get("tlogProof").isNull()).isTrue();
        assertThat(forged.get("tlogProofStatus").get("status").asText()).isEqualTo("Unverified");
        assertThat(forged.get("tlogProofStatus").get("reason").asText()).startsWith("checkpoint signature");
    }
}
