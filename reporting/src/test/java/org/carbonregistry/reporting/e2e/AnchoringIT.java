package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
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

import java.time.Duration;
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

    @Test
    void aCheckpointSignedByAnotherKeyIsNeverCalledAnchored() throws Exception {
        String corp = "corp-anchor";
        String batch = "batch-anchor";
        ConsumedRecord retirement;
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(corp, AccountType.CORPORATE, "FR"),
                HISTORY.registerProject("project-anchor", Standard.PURO, "DE", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, "DACCS", corp),
                HISTORY.issue(batch, "project-anchor", Standard.PURO, "DE", ProjectCategory.REMOVAL,
                        RemovalSink.TECHNOLOGICAL, 2024, 50, corp, true),
                retirement = HISTORY.retire(batch, "retire-anchor", corp, 12, "Anchored AG", 2025)));
        await("reporting has the retirement").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/retire-anchor", null).status() == 200);
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
}
