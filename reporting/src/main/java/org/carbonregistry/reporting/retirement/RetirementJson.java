package org.carbonregistry.reporting.retirement;

import com.fasterxml.jackson.core.JsonGenerator;
import org.carbonregistry.events.SerialBlock;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.projection.SourcePositionJson;

import java.io.IOException;

/**
 * The JSON fields of one retirement, shared by the retirement list, its detail and the ESRS annex. Who benefits and
 * why: {@code beneficiary} and {@code purpose} (null unless verified; {@code "beneficiary": null, "erased": true}
 * once erased), {@code personalData} ({@code verified}, {@code pending}, {@code erased}) and the commitments the log
 * carries. {@code invalidated} (and {@code invalidation}: the event, reason and time) when the batch was invalidated:
 * the retirement stands in the ledger, but a claim resting on it needs replacing.
 */
public final class RetirementJson {

    /** What an invalidation means for the retiring company, in every report that flags one. */
    public static final String REPLACEMENT = "The credits' batch was invalidated: they stay retired, but a claim"
            + " resting on this retirement needs replacing with credits of a valid batch.";

    private RetirementJson() {
    }

    public static void writeFields(JsonGenerator json, RetirementView view, LedgerClient ledger) throws IOException {
        json.writeStringField("retirementId", view.retirementId());
        json.writeStringField("eventId", view.eventId().toString());
        json.writeStringField("batchId", view.batchId());
        json.writeStringField("account", view.accountId());
        json.writeNumberField("quantity", view.quantity());
        json.writeArrayFieldStart("serialBlocks");
        for (SerialBlock block : view.serialBlocks()) {
            json.writeStartObject();
            json.writeNumberField("first", block.first());
            json.writeNumberField("last", block.last());
            json.writeNumberField("quantity", block.quantity());
            json.writeStringField("serials", view.serialPrefix() == null ? null : RetirementView.label(view.serialPrefix(), block));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeStringField("beneficiary", view.beneficiary());
        json.writeStringField("purpose", view.purpose());
        json.writeBooleanField("erased", view.erased());
        json.writeStringField("personalData", view.personalData());
        json.writeStringField("beneficiaryCommitment", view.beneficiaryCommitment());
        json.writeStringField("purposeCommitment", view.purposeCommitment());
        json.writeNumberField("reportingYear", view.reportingYear());
        json.writeStringField("jurisdiction", view.jurisdiction());
        SourcePositionJson.writeInstant(json, "retiredAt", view.retiredAt());
        json.writeStringField("projectId", view.projectId());
        json.writeStringField("projectName", view.projectName());
        json.writeStringField("projectType", view.projectType());
        json.writeStringField("standard", view.standard());
        json.writeStringField("projectCountry", view.projectCountry());
        json.writeStringField("category", view.category());
        json.writeStringField("removalSink", view.removalSink());
        json.writeStringField("vintage", view.vintage());
        json.writeStringField("vintageStart", view.vintageStart() == null ? null : view.vintageStart().toString());
        json.writeStringField("vintageEnd", view.vintageEnd() == null ? null : view.vintageEnd().toString());
        if (view.correspondingAdjustment() == null) {
            json.writeNullField("correspondingAdjustment");
        } else {
            json.writeBooleanField("correspondingAdjustment", view.correspondingAdjustment());
        }
        json.writeArrayFieldStart("labels");
        for (String label : view.labels()) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeObjectFieldStart("source");
        if (view.kafkaPartition() == null) {
            json.writeNullField("partition");
            json.writeNullField("offset");
        } else {
            json.writeNumberField("partition", view.kafkaPartition());
            json.writeNumberField("offset", view.kafkaOffset());
        }
        json.writeEndObject();
        json.writeStringField("leafHash", view.leafHash());
        json.writeStringField("inclusionProofUrl", ledger.proofUrlText(view.eventId()));
        json.writeBooleanField("invalidated", view.invalidated());
        if (view.invalidation() == null) {
            json.writeNullField("invalidation");
        } else {
            json.writeObjectFieldStart("invalidation");
            json.writeStringField("eventId", view.invalidation().eventId().toString());
            json.writeStringField("reason", view.invalidation().reason());
            SourcePositionJson.writeInstant(json, "invalidatedAt", view.invalidation().invalidatedAt());
            json.writeStringField("inclusionProofUrl", ledger.proofUrlText(view.invalidation().eventId()));
            json.writeStringField("replacement", REPLACEMENT);
            json.writeEndObject();
        }
    }
}
