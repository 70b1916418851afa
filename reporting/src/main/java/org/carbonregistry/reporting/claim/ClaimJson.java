package org.carbonregistry.reporting.claim;

import com.fasterxml.jackson.core.JsonGenerator;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.projection.SourcePositionJson;

import java.io.IOException;

/** The JSON fields of one claim, shared by {@code GET /api/claims/{id}} and the ESRS report. */
public final class ClaimJson {

    private ClaimJson() {
    }

    public static void writeFields(JsonGenerator json, ClaimView claim, LedgerClient ledger) throws IOException {
        json.writeStringField("claimId", claim.claimId());
        json.writeStringField("account", claim.accountId());
        json.writeStringField("type", claim.type());
        json.writeStringField("periodStart", claim.periodStart().toString());
        json.writeStringField("periodEnd", claim.periodEnd().toString());
        json.writeNumberField("tonnes", claim.tonnes());
        json.writeStringField("statementCommitment", claim.statementCommitment());
        json.writeStringField("eventId", claim.eventId().toString());
        SourcePositionJson.writeInstant(json, "claimedAt", claim.claimedAt());
        json.writeStringField("leafHash", claim.leafHash());
        json.writeStringField("inclusionProofUrl", ledger.proofUrlText(claim.eventId()));
        json.writeBooleanField("needsReplacing", claim.needsReplacing());
        json.writeArrayFieldStart("retirements");
        for (ClaimView.Retirement retirement : claim.retirements()) {
            json.writeStartObject();
            json.writeStringField("retirementId", retirement.retirementId());
            json.writeStringField("eventId", retirement.eventId() == null ? null : retirement.eventId().toString());
            json.writeStringField("batchId", retirement.batchId());
            json.writeNumberField("tonnes", retirement.quantity());
            json.writeStringField("inclusionProofUrl",
                    retirement.eventId() == null ? null : ledger.proofUrlText(retirement.eventId()));
            json.writeBooleanField("invalidated", retirement.invalidated());
            json.writeStringField("invalidationEventId",
                    retirement.invalidated() ? retirement.invalidationEventId().toString() : null);
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
