package org.carbonregistry.reporting.retirement;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/**
 * The shapes {@link RetirementJson} and {@link RetirementController} (and the ESRS annex) write with a streaming generator, as records for
 * the OpenAPI document only (the answers are never built from them). The contract test checks real answers against
 * them, so a field written differently from here fails it.
 */
public final class RetirementSchemas {

    private RetirementSchemas() {
    }

    public record SerialBlock(long first, long last, long quantity, String serials) {
    }

    /** The Kafka record the retirement was projected from (null for rows from before positions were kept). */
    public record KafkaSource(Integer partition, Long offset) {
    }

    public record Retirement(String retirementId, String eventId, String batchId, String account, long quantity,
                      List<SerialBlock> serialBlocks, String beneficiary, String purpose, boolean erased,
                      String personalData, String beneficiaryCommitment, String purposeCommitment, int reportingYear,
                      String jurisdiction, String retiredAt, String projectId, String projectName, String projectType,
                      String standard, String projectCountry, String category, String removalSink, String vintage,
                      String vintageStart, String vintageEnd, Boolean correspondingAdjustment, List<String> labels,
                      KafkaSource source, String leafHash, String inclusionProofUrl, boolean invalidated,
                      Invalidation invalidation) {
    }

    /** The batch's invalidation, null while the batch is valid; {@code replacement} says what it means for the claim. */
    public record Invalidation(String eventId, String reason, String invalidatedAt, String inclusionProofUrl,
                               String replacement) {
    }

    /** {@code status}: Anchored, Pending, Unverified or Unreachable; the proof's fields only when anchored. */
    record Ledger(String status, Long leafIndex, Long treeSize, String rootHash, String origin, String checkpoint,
                  String reason) {
    }

    record TlogProofStatus(String status, String url, String reason) {
    }

    /** What one retirement adds to {@link Retirement}: the salts, its ledger proof and its certificate. */
    record Proofs(String beneficiarySalt, String purposeSalt, Ledger ledger, String tlogProof,
                  TlogProofStatus tlogProofStatus, String certificate) {
    }

    @Schema(allOf = {Retirement.class, Proofs.class})
    record RetirementWithProofs() {
    }

    public record PartitionPosition(int partition, long lastOffset, String lastEventTime) {
    }

    /** The Kafka position the answer reflects. */
    public record SourcePosition(String topic, String asOf, String lastEventId, String lastEventTime,
                          List<PartitionPosition> partitions) {
    }

    record RetirementList(String account, Integer reportingYear, SourcePosition source, List<Retirement> retirements) {
    }
}
