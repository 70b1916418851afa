package org.carbonregistry.registry.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A project's share of the buffer pool (public, like batch totals) and the reversals compensated from it (admin). */
@RestController
class ProjectBufferController {

    private final RegistryCommands commands;
    private final BatchViews views;
    private final Directory directory;

    ProjectBufferController(RegistryCommands commands, BatchViews views, Directory directory) {
        this.commands = commands;
        this.views = views;
        this.directory = directory;
    }

    record ReversalRequest(@NotNull Long quantity, @NotBlank String reason, @NotNull LocalDate occurredOn) {
    }

    record BatchBuffer(String batchId, LocalDate vintageStart, LocalDate vintageEnd, String bufferPercent,
                       long contributed, long compensated, long held, List<SerialBlockResponse> serialBlocks) {
    }

    record ProjectBuffer(String projectId, String bufferAccount, long contributed, long compensated, long held,
                         List<BatchBuffer> batches) {
    }

    @PostMapping("/api/projects/{projectId}/reversals")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ReversalReceipt> reverse(@AuthenticationPrincipal Caller caller, @PathVariable String projectId,
                                            @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                            @Valid @RequestBody ReversalRequest request) {
        Sent<ReversalReceipt> sent = commands.send(
                new ReverseProject(projectId, UUID.randomUUID().toString(), request.quantity(), request.reason(),
                        request.occurredOn(), caller.actor()),
                commands.idempotent(key, "POST /api/projects/" + projectId + "/reversals", request));
        return sent.created(sent.result());
    }

    /** What the buffer holds of each of the project's batches, lowest vintage first: what a reversal would take. */
    @GetMapping("/api/projects/{projectId}/buffer")
    @Transactional(readOnly = true)
    ProjectBuffer buffer(@PathVariable String projectId) {
        if (directory.project(projectId).isEmpty()) {
            throw CommandRefused.notFound("project " + projectId + " does not exist");
        }
        List<BatchBuffer> batches = views.bufferOfProject(projectId).stream()
                .map(b -> new BatchBuffer(b.batch().batchId(), b.batch().vintageStart(), b.batch().vintageEnd(),
                        b.batch().bufferPercent(), b.batch().bufferContributed(), b.batch().reversalCompensated(),
                        b.buffer().quantity(),
                        SerialBlockResponse.of(b.batch().serialPrefix(), BatchViews.blocksOf(b.buffer()))))
                .toList();
        return new ProjectBuffer(projectId, BufferPool.ACCOUNT,
                batches.stream().mapToLong(BatchBuffer::contributed).sum(),
                batches.stream().mapToLong(BatchBuffer::compensated).sum(),
                batches.stream().mapToLong(BatchBuffer::held).sum(), batches);
    }
}
