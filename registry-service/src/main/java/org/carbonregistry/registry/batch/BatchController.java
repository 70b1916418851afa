package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.idempotency.IdempotentWrites;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

@RestController
class BatchController {

    private final RegistryCommands commands;
    private final IdempotentWrites writes;
    private final BatchViews views;

    BatchController(RegistryCommands commands, IdempotentWrites writes, BatchViews views) {
        this.commands = commands;
        this.writes = writes;
        this.views = views;
    }

    record IssueRequest(@NotBlank String projectId, @NotNull LocalDate vintageStart, @NotNull LocalDate vintageEnd,
                        @NotNull Long quantity, @NotBlank String toAccount, List<String> labels,
                        boolean correspondingAdjustment) {
    }

    record IssueResponse(String batchId, UUID eventId, String serialPrefix, List<SerialBlockResponse> serialBlocks) {
    }

    record TransferRequest(@NotBlank String from, @NotBlank String to, @NotNull Long quantity) {
    }

    record RetireRequest(@NotBlank String account, @NotNull Long quantity, @NotBlank String beneficiary,
                         @NotBlank String purpose, @NotNull Integer reportingYear, String jurisdiction) {
    }

    record CancelRequest(@NotBlank String account, @NotNull Long quantity, @NotBlank String reason) {
    }

    record StatusRequest(String reason) {
    }

    /** Transfers, cancellations, freezes: the event and the serials it moved. */
    record MoveResponse(String batchId, UUID eventId, List<SerialBlockResponse> serialBlocks) {
        static MoveResponse of(CreditsMoved moved) {
            return new MoveResponse(moved.batchId(), moved.eventId(),
                    SerialBlockResponse.of(moved.serialPrefix(), moved.serialBlocks()));
        }
    }

    record RetireResponse(String retirementId, String batchId, UUID eventId, List<SerialBlockResponse> serialBlocks) {
    }

    record HolderResponse(String accountId, long quantity, List<SerialBlockResponse> serialBlocks) {
    }

    record BatchResponse(String batchId, String projectId, Standard standard, String projectCountry,
                         ProjectCategory category, RemovalSink removalSink, LocalDate vintageStart,
                         LocalDate vintageEnd, String serialPrefix, List<String> labels,
                         boolean correspondingAdjustment, long issued, long held, long retired, long cancelled,
                         String status, Instant issuedAt, List<HolderResponse> holders) {
    }

    @PostMapping("/api/batches")
    ResponseEntity<JsonNode> issue(@AuthenticationPrincipal Caller caller,
                                   @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                   @Valid @RequestBody IssueRequest request) {
        return writes.create(caller, key, "POST /api/batches", request, () -> {
            String batchId = UUID.randomUUID().toString();
            commands.send(new IssueCredits(batchId, request.projectId(), request.vintageStart(), request.vintageEnd(),
                    request.quantity(), request.toAccount(), request.labels(), request.correspondingAdjustment(),
                    caller.actor()));
            BatchView batch = views.batch(batchId).orElseThrow();
            var holding = views.holdingsOfBatch(batchId).get(0);
            return new IssueResponse(batchId, batch.issuedEventId(), batch.serialPrefix(),
                    SerialBlockResponse.of(batch.serialPrefix(), BatchViews.blocksOf(holding)));
        });
    }

    @PostMapping("/api/batches/{batchId}/transfers")
    ResponseEntity<JsonNode> transfer(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                      @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                      @Valid @RequestBody TransferRequest request) {
        return move(caller, key, batchId, "transfers", request, MoveResponse::of,
                () -> new TransferCredits(batchId, request.from(), request.to(), request.quantity(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/retirements")
    ResponseEntity<JsonNode> retire(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                    @Valid @RequestBody RetireRequest request) {
        return move(caller, key, batchId, "retirements", request,
                moved -> new RetireResponse(moved.retirementId(), moved.batchId(), moved.eventId(),
                        SerialBlockResponse.of(moved.serialPrefix(), moved.serialBlocks())),
                () -> new RetireCredits(batchId, request.account(), request.quantity(), request.beneficiary(),
                        request.purpose(), request.reportingYear(), request.jurisdiction(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/cancellations")
    ResponseEntity<JsonNode> cancel(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                    @Valid @RequestBody CancelRequest request) {
        return move(caller, key, batchId, "cancellations", request, MoveResponse::of,
                () -> new CancelCredits(batchId, request.account(), request.quantity(), request.reason(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/freeze")
    ResponseEntity<JsonNode> freeze(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                    @RequestBody(required = false) StatusRequest request) {
        StatusRequest body = request == null ? new StatusRequest(null) : request;
        return move(caller, key, batchId, "freeze", body, MoveResponse::of,
                () -> new FreezeBatch(batchId, reasonOrDefault(body, "frozen by the registry"), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/unfreeze")
    ResponseEntity<JsonNode> unfreeze(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                      @RequestHeader(name = IdempotentWrites.HEADER, required = false) String key,
                                      @RequestBody(required = false) StatusRequest request) {
        StatusRequest body = request == null ? new StatusRequest(null) : request;
        return move(caller, key, batchId, "unfreeze", body, MoveResponse::of,
                () -> new UnfreezeBatch(batchId, reasonOrDefault(body, "unfrozen by the registry"), caller.actor()));
    }

    @GetMapping("/api/batches/{batchId}")
    @Transactional(readOnly = true)
    BatchResponse batch(@PathVariable String batchId) {
        BatchView batch = views.batch(batchId).orElseThrow(() -> unknownBatch(batchId));
        var holders = views.holdingsOfBatch(batchId).stream()
                .map(h -> new HolderResponse(h.accountId(), h.quantity(),
                        SerialBlockResponse.of(batch.serialPrefix(), BatchViews.blocksOf(h))))
                .toList();
        long held = holders.stream().mapToLong(HolderResponse::quantity).sum();
        return new BatchResponse(batch.batchId(), batch.projectId(), batch.standard(), batch.projectCountry(),
                batch.category(), batch.removalSink(), batch.vintageStart(), batch.vintageEnd(), batch.serialPrefix(),
                batch.labels().isEmpty() ? List.of() : Arrays.asList(batch.labels().split(",")),
                batch.correspondingAdjustment(), batch.issued(), held, batch.retired(), batch.cancelled(),
                batch.frozen() ? "FROZEN" : "ACTIVE", batch.issuedAt(), holders);
    }

    private <C> ResponseEntity<JsonNode> move(Caller caller, String key, String batchId, String operation,
                                              Object request, Function<CreditsMoved, Object> response,
                                              Supplier<C> command) {
        return writes.create(caller, key, "POST /api/batches/" + batchId + "/" + operation, request, () -> {
            if (views.batch(batchId).isEmpty()) {
                throw unknownBatch(batchId);
            }
            CreditsMoved moved = commands.send(command.get());
            return response.apply(moved);
        });
    }

    private static String reasonOrDefault(StatusRequest request, String fallback) {
        return request.reason() == null || request.reason().isBlank() ? fallback : request.reason();
    }

    private static CommandRefused unknownBatch(String batchId) {
        return CommandRefused.notFound("batch " + batchId + " does not exist");
    }
}
