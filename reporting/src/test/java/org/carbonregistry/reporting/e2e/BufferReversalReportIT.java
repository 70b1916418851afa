package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.ReversalCompensated;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.projection.ConsumedRecord;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A buffer contribution and a reversal compensated from it, as reporting shows them: serial by serial. */
class BufferReversalReportIT extends StandInReporting {

    private static final String BUFFER = "registry-buffer";

    @Test
    void aReversedBufferSerialIsCancelledByItsReversalAndTheRestOfTheBufferIsHeld() {
        ConsumedRecord reversal;
        List<ConsumedRecord> scene = List.of(
                HISTORY.openAccount("dev-buffer", AccountType.PROJECT_DEVELOPER, "BR"),
                HISTORY.openAccount(BUFFER, AccountType.REGISTRY, "CH"),
                HISTORY.registerProject("project-buffer", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Forestry", "dev-buffer"),
                HISTORY.issue("batch-buffer", "project-buffer", Standard.VCS, "BR", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2023, 100, "dev-buffer", false),
                HISTORY.contributeToBuffer("batch-buffer", "project-buffer", "dev-buffer", BUFFER, "10", 10),
                reversal = HISTORY.compensateReversal("batch-buffer", "project-buffer", BUFFER, "reversal-it", 4,
                        LocalDate.of(2026, 1, 10), "wildfire"));
        producer().sendAll(EVENTS, scene);
        ReversalCompensated compensated = (ReversalCompensated) EventEnvelope.fromCanonicalBytes(reversal.value()).event();
        long cancelledSerial = compensated.serialBlocks().get(0).first();
        long stillBuffered = compensated.serialBlocks().get(0).last() + 1;

        await("reporting has the reversal").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> reporting.get("/api/serials/" + cancelledSerial, null).status() == 200
                        && "CANCELLED".equals(reporting.get("/api/serials/" + cancelledSerial, null).json()
                        .path("status").asText()));
        JsonNode cancelled = reporting.get("/api/serials/" + cancelledSerial, null).require(200).json();
        assertThat(cancelled.path("history").findValuesAsText("type"))
                .containsExactly("CreditsIssued", "BufferContributed", "ReversalCompensated");
        assertThat(cancelled.at("/history/2/eventId").asText()).isEqualTo(compensated.eventId().toString());

        JsonNode held = reporting.get("/api/serials/" + stillBuffered, null).require(200).json();
        assertThat(held.path("status").asText()).isEqualTo("HELD");
        assertThat(held.path("history").findValuesAsText("type")).containsExactly("CreditsIssued", "BufferContributed");
    }
}
