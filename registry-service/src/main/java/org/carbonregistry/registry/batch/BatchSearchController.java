package org.carbonregistry.registry.batch;

import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.directory.ProjectEntry;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.ResultLimit;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The public registry's read-only lists, for the registry explorer: {@code GET /api/batches?projectId=&q=&limit=},
 * {@code GET /api/batches/{id}/retirements} and {@code GET /api/batches/{id}/retirements/{retirementId}}.
 */
@RestController
class BatchSearchController {

    /** How many projects a text search of batches looks at by name. */
    private static final int PROJECTS_BY_NAME = ResultLimit.MAX;

    private final BatchViews views;
    private final Directory directory;
    private final RetirementPersonalDataStore personalData;

    BatchSearchController(BatchViews views, Directory directory, RetirementPersonalDataStore personalData) {
        this.views = views;
        this.directory = directory;
        this.personalData = personalData;
    }

    record BatchSummary(String batchId, String projectId, String projectName, Standard standard,
                        String projectCountry, ProjectCategory category, RemovalSink removalSink,
                        LocalDate vintageStart, LocalDate vintageEnd, String serialPrefix, List<String> labels,
                        boolean correspondingAdjustment, long issued, long held, long retired, long cancelled,
                        long invalidated, String status, InvalidationResponse invalidation, Instant issuedAt) {
    }

    /**
     * {@code beneficiary} and {@code purpose} are null once {@code erased}; the commitments stay, as in the log.
     * {@code invalidated}: the batch was invalidated (at any time, before or after this retirement), so a claim made
     * with it needs replacing; {@code invalidation} says when and why.
     */
    record RetirementResponse(String retirementId, String batchId, UUID eventId, String account, long quantity,
                              List<SerialBlockResponse> serialBlocks, String beneficiary, String purpose,
                              boolean erased, Instant erasedAt, String beneficiaryCommitment,
                              String purposeCommitment, int reportingYear, String jurisdiction, Instant retiredAt,
                              boolean invalidated, InvalidationResponse invalidation) {
    }

    @GetMapping("/api/batches")
    @Transactional(readOnly = true)
    List<BatchSummary> batches(@RequestParam(required = false) String projectId,
                               @RequestParam(required = false) String q,
                               @RequestParam(required = false) Integer limit) {
        int rows = ResultLimit.of(limit);
        String project = blankToNull(projectId);
        if (project != null && directory.project(project).isEmpty()) {
            throw CommandRefused.notFound("project " + project + " does not exist");
        }
        String text = blankToNull(q);
        List<String> projectsByName = text == null ? List.of()
                : directory.findProjects(text, PROJECTS_BY_NAME).stream().map(ProjectEntry::projectId).toList();
        return views.find(project, text, projectsByName, rows).stream().map(this::summary).toList();
    }

    @GetMapping("/api/batches/{batchId}/retirements")
    @Transactional(readOnly = true)
    List<RetirementResponse> retirements(@PathVariable String batchId) {
        BatchView batch = views.batch(batchId).orElseThrow(() -> unknownBatch(batchId));
        return views.retirementsOfBatch(batchId).stream().map(r -> retirement(batch, r)).toList();
    }

    @GetMapping("/api/batches/{batchId}/retirements/{retirementId}")
    @Transactional(readOnly = true)
    RetirementResponse retirement(@PathVariable String batchId, @PathVariable String retirementId) {
        BatchView batch = views.batch(batchId).orElseThrow(() -> unknownBatch(batchId));
        return views.retirement(retirementId)
                .filter(r -> r.batchId().equals(batchId))
                .map(r -> retirement(batch, r))
                .orElseThrow(() -> CommandRefused.notFound("batch " + batchId + " has no retirement " + retirementId));
    }

    private BatchSummary summary(BatchView batch) {
        String projectName = directory.project(batch.projectId()).map(ProjectEntry::name).orElse(null);
        return new BatchSummary(batch.batchId(), batch.projectId(), projectName, batch.standard(),
                batch.projectCountry(), batch.category(), batch.removalSink(), batch.vintageStart(),
                batch.vintageEnd(), batch.serialPrefix(),
                batch.labels().isEmpty() ? List.of() : Arrays.asList(batch.labels().split(",")),
                batch.correspondingAdjustment(), batch.issued(), batch.held(), batch.retired(), batch.cancelled(),
                batch.invalidated(), batch.status(), InvalidationResponse.of(batch), batch.issuedAt());
    }

    private RetirementResponse retirement(BatchView batch, RetirementView retirement) {
        var text = personalData.find(retirement.retirementId());
        return new RetirementResponse(retirement.retirementId(), retirement.batchId(), retirement.eventId(),
                retirement.accountId(), retirement.quantity(),
                SerialBlockResponse.of(batch.serialPrefix(), BatchViews.blocksOf(retirement)),
                text.map(t -> t.beneficiary()).orElse(null), text.map(t -> t.purpose()).orElse(null),
                retirement.erasedAt() != null, retirement.erasedAt(), retirement.beneficiaryCommitment(),
                retirement.purposeCommitment(), retirement.reportingYear(), retirement.jurisdiction(),
                retirement.retiredAt(), batch.invalidationEventId() != null, InvalidationResponse.of(batch));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static CommandRefused unknownBatch(String batchId) {
        return CommandRefused.notFound("batch " + batchId + " does not exist");
    }
}
