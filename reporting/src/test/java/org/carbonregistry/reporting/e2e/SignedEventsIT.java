package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.carbonregistry.reporting.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only the registry writes history: a plain Kafka producer (kafka-clients, no registry code) writes three retirements
 * that the registry did not sign to the real broker, between correctly signed events. None becomes a report row; each
 * is in the quarantine with its reason, counted by the metric.
 */
class SignedEventsIT extends StandInReporting {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void unsignedForgedAndAlteredRecordsAreQuarantinedAndNeverReported() {
        String corp = "corp-signed";
        String batch = "batch-signed";
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount("dev-signed", AccountType.PROJECT_DEVELOPER, "BR"),
                HISTORY.openAccount(corp, AccountType.CORPORATE, "DE"),
                HISTORY.registerProject("project-signed", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Forestry", "dev-signed"),
                HISTORY.issue(batch, "project-signed", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2023, 1000, corp, false)));
        double quarantinedBefore = quarantinedMetric();

        HISTORY.signWith(null);
        ConsumedRecord unsigned = HISTORY.retire(batch, "retire-unsigned", corp, 10, "Unsigned Ltd", 2024);
        HISTORY.signWith(TestKeys.IMPOSTOR);
        ConsumedRecord forged = HISTORY.retire(batch, "retire-forged", corp, 20, "Forged Ltd", 2024);
        HISTORY.signWith(TestKeys.REGISTRY);
        ConsumedRecord signed = HISTORY.retire(batch, "retire-altered", corp, 30, "Altered Ltd", 2024);
        byte[] altered = new String(signed.value(), StandardCharsets.UTF_8)
                .replace("\"quantity\":30", "\"quantity\":300").getBytes(StandardCharsets.UTF_8);
        assertThat(altered).isNotEqualTo(signed.value());
        ConsumedRecord alteredAfterSigning = new ConsumedRecord(signed.partition(), signed.offset(), altered,
                signed.signature(), signed.keyId());
        ConsumedRecord genuine = HISTORY.retire(batch, "retire-genuine", corp, 5, "Genuine Ltd", 2024);
        producer().sendAll(EVENTS, List.of(unsigned, forged, alteredAfterSigning, genuine));
        awaitCaughtUp();

        JsonNode quarantine = reporting.get("/api/quarantine", REGISTRY.key("auditor", "AUDITOR")).require(200).json();
        assertThat(quarantine.get("records")).hasSize(3).allSatisfy(record -> {
            assertThat(record.get("reason").asText()).isEqualTo("bad-signature");
            assertThat(record.get("type").asText()).isEqualTo("CreditsRetired");
        });
        assertThat(StreamSupport.stream(quarantine.get("records").spliterator(), false).map(r -> r.get("detail").asText()))
                .anySatisfy(detail -> assertThat(detail).contains("has no registry-signature"))
                .anySatisfy(detail -> assertThat(detail).contains("not a trusted registry key"))
                .anySatisfy(detail -> assertThat(detail).contains("does not verify over the record's bytes"));
        assertThat(quarantinedMetric() - quarantinedBefore).isEqualTo(3.0);

        for (String retirementId : List.of("retire-unsigned", "retire-forged", "retire-altered")) {
            assertThat(reporting.get("/api/retirements/" + retirementId, null).status()).as(retirementId).isEqualTo(404);
        }
        JsonNode report = reporting.get("/api/reports/esrs-e1-7?year=2024&account=" + corp,
                REGISTRY.key(corp, "ACCOUNT_HOLDER")).require(200).json();
        assertThat(report.get("totalRetiredTonnes").asLong()).isEqualTo(5);
        assertThat(report.get("retirements")).singleElement()
                .satisfies(row -> assertThat(row.get("retirementId").asText()).isEqualTo("retire-genuine"));
        assertThat(jdbc.queryForObject("SELECT retired FROM rpt_batches WHERE batch_id = ?", Long.class, batch)).isEqualTo(5);
        // The registry's key was fetched from the registry once and pinned.
        assertThat(jdbc.queryForObject("SELECT verifier_key FROM rpt_pinned_keys WHERE purpose = 'registry'", String.class))
                .isEqualTo(TestKeys.registryVerifierKeys());
    }

    private double quarantinedMetric() {
        String scrape = reporting.get("/actuator/prometheus", ADMIN_KEY).require(200).text();
        return scrape.lines().filter(line -> line.startsWith("reporting_records_quarantined_total{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
