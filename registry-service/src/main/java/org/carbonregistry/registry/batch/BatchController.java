package org.carbonregistry.registry.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.access.KeyOptional;
import org.carbonregistry.events.Article6;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Caller;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

@RestController
class BatchController {

    private final RegistryCommands commands;
    private final BatchViews views;
    private final RetirementPersonalDataStore personalData;

    BatchController(RegistryCommands commands, BatchViews views, RetirementPersonalDataStore personalData) {
        this.commands = commands;
        this.views = views;
        this.personalData = personalData;
    }

    /**
     * {@code article6} is optional; without it {@code correspondingAdjustment: true} stands for units authorised for
     * other international mitigation purposes by the project's country, the adjustment pending.
     */
    record IssueRequest(@NotBlank String projectId, @NotNull LocalDate vintageStart, @NotNull LocalDate vintageEnd,
                        @NotNull Long quantity, @NotBlank String toAccount, List<String> labels,
                        boolean correspondingAdjustment, Article6 article6, BigDecimal bufferPercent,
                        LocalDate expiresOn) {
    }

    /** {@code bufferContribution} is null when the issuance gave nothing to the buffer. */
    record IssueResponse(String batchId, UUID eventId, String serialPrefix, List<SerialBlockResponse> serialBlocks,
                         BufferContribution bufferContribution) {
    }

    /** The buffer's share of an issuance: the top serials of the issued block. */
    record BufferContribution(String account, String percent, long quantity, List<SerialBlockResponse> serialBlocks) {
        static BufferContribution of(BatchView batch) {
            if (batch.bufferContributed() == 0) {
                return null;
            }
            return new BufferContribution(BufferPool.ACCOUNT, batch.bufferPercent(), batch.bufferContributed(),
                    SerialBlockResponse.of(batch.serialPrefix(),
                            BufferPool.topOf(batch.issuedBlock(), batch.bufferContributed())));
        }
    }

    /** The buffer's part of a batch: what it received, what reversals cancelled of it, what it still holds. */
    record BufferShare(String percent, long contributed, long compensated, long held) {
        static BufferShare of(BatchView batch) {
            if (batch.bufferContributed() == 0) {
                return null;
            }
            return new BufferShare(batch.bufferPercent(), batch.bufferContributed(), batch.reversalCompensated(),
                    batch.bufferContributed() - batch.reversalCompensated());
        }
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

    /**
     * Built from the stored result and today's personal data, so a replay after an erasure shows
     * {@code "beneficiary": null, "erased": true} like every other answer about the retirement.
     */
    record RetireResponse(String retirementId, String batchId, UUID eventId, List<SerialBlockResponse> serialBlocks,
                          String beneficiary, String purpose, boolean erased) {
    }

    record InvalidationRequest(@NotBlank String reason) {
    }

    /** The holdings cancelled, per account, and how many retirements of the batch now need their claims replaced. */
    record InvalidateResponse(String batchId, UUID eventId, String status, String reason, long cancelledQuantity,
                              List<HolderResponse> cancelled, int retirementsAffected) {
    }

    /** {@code quantity} is what the account holds; {@code expired} what it held when the batch expired. */
    record HolderResponse(String accountId, long quantity, List<SerialBlockResponse> serialBlocks, long expired) {
    }

    /** The transfer that first moved credits of the batch between accounts of different jurisdictions. */
    record FirstInternationalTransfer(UUID eventId, Instant occurredAt) {
    }

    /**
     * {@code correspondingAdjustment} is true when an adjustment is pending or applied ({@code article6} says which);
     * {@code firstInternationalTransfer} is null until there was one.
     */
    record BatchResponse(String batchId, String projectId, Standard standard, String projectCountry,
                         ProjectCategory category, RemovalSink removalSink, LocalDate vintageStart,
                         LocalDate vintageEnd, String serialPrefix, List<String> labels,
                         boolean correspondingAdjustment, long issued, long held, long retired, long cancelled,
                         long invalidated, String status, InvalidationResponse invalidation, Instant issuedAt,
                         List<HolderResponse> holders, BufferShare buffer, Article6 article6,
                         FirstInternationalTransfer firstInternationalTransfer, BenefitType benefitType,
                         LocalDate expiresOn, long expired, Instant expiredAt,
                         String externalSerials) {
    }

    @PostMapping("/api/batches")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<IssueResponse> issue(@AuthenticationPrincipal Caller caller,
                                        @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                        @Valid @RequestBody IssueRequest request) {
        Sent<String> sent = commands.send(
                new IssueCredits(UUID.randomUUID().toString(), request.projectId(), request.vintageStart(),
                        request.vintageEnd(), request.quantity(), request.toAccount(), request.labels(),
                        request.correspondingAdjustment(), caller.actor(), request.article6(),
                        request.bufferPercent(), request.expiresOn(), null),
                commands.idempotent(key, "POST /api/batches", request));
        BatchView batch = views.batch(sent.result()).orElseThrow();
        return sent.created(new IssueResponse(batch.batchId(), batch.issuedEventId(), batch.serialPrefix(),
                SerialBlockResponse.of(batch.serialPrefix(), List.of(batch.issuedBlock())),
                BufferContribution.of(batch)));
    }

    @PostMapping("/api/batches/{batchId}/transfers")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MoveResponse> transfer(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                      @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                      @Valid @RequestBody TransferRequest request) {
        return move(caller, key, batchId, "transfers", request, (moved, replayed) -> MoveResponse.of(moved),
                () -> new TransferCredits(batchId, request.from(), request.to(), request.quantity(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/retirements")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<RetireResponse> retire(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                    @Valid @RequestBody RetireRequest request) {
        return move(caller, key, batchId, "retirements", request,
                (moved, replayed) -> {
                    var blocks = SerialBlockResponse.of(moved.serialPrefix(), moved.serialBlocks());
                    if (!replayed) {
                        // Just stored, as sent, in this request's transaction: nothing to read back.
                        return new RetireResponse(moved.retirementId(), moved.batchId(), moved.eventId(), blocks,
                                request.beneficiary(), request.purpose(), false);
                    }
                    // An earlier answer handed back: the text may have been erased since.
                    var text = personalData.find(moved.retirementId());
                    return new RetireResponse(moved.retirementId(), moved.batchId(), moved.eventId(), blocks,
                            text.map(t -> t.beneficiary()).orElse(null), text.map(t -> t.purpose()).orElse(null),
                            views.retirement(moved.retirementId()).map(r -> r.erasedAt() != null).orElse(false));
                },
                () -> new RetireCredits(batchId, request.account(), request.quantity(), request.beneficiary(),
                        request.purpose(), Commitment.encodeSalt(Commitment.newSalt()),
                        Commitment.encodeSalt(Commitment.newSalt()), request.reportingYear(),
                        request.jurisdiction(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/cancellations")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MoveResponse> cancel(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                    @Valid @RequestBody CancelRequest request) {
        return move(caller, key, batchId, "cancellations", request, (moved, replayed) -> MoveResponse.of(moved),
                () -> new CancelCredits(batchId, request.account(), request.quantity(), request.reason(), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/freeze")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MoveResponse> freeze(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                    @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                    @RequestBody(required = false) StatusRequest request) {
        StatusRequest body = request == null ? new StatusRequest(null) : request;
        return move(caller, key, batchId, "freeze", body, (moved, replayed) -> MoveResponse.of(moved),
                () -> new FreezeBatch(batchId, reasonOrDefault(body, "frozen by the registry"), caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/unfreeze")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<MoveResponse> unfreeze(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                      @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                      @RequestBody(required = false) StatusRequest request) {
        StatusRequest body = request == null ? new StatusRequest(null) : request;
        return move(caller, key, batchId, "unfreeze", body, (moved, replayed) -> MoveResponse.of(moved),
                () -> new UnfreezeBatch(batchId, reasonOrDefault(body, "unfrozen by the registry"), caller.actor()));
    }

    /**
     * Final: every held credit is cancelled, retirements stay and are flagged, and nothing of the batch moves again.
     * A retry with the same {@code Idempotency-Key} answers as the first time; without one a second call is 409.
     */
    @PostMapping("/api/batches/{batchId}/invalidation")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<InvalidateResponse> invalidate(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
                                                  @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                                  @Valid @RequestBody InvalidationRequest request) {
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/batches/" + batchId + "/invalidation", request);
        if (!views.exists(batchId)) {
            throw unknownBatch(batchId);
        }
        Sent<BatchInvalidation> sent = commands.send(new InvalidateBatch(batchId, request.reason(), caller.actor()),
                idempotency);
        BatchInvalidation done = sent.result();
        return sent.created(new InvalidateResponse(done.batchId(), done.eventId(), "INVALIDATED", done.reason(),
                done.quantity(), done.cancelled().stream().map(c -> new HolderResponse(c.account(), c.quantity(),
                        SerialBlockResponse.of(done.serialPrefix(), c.serialBlocks()), 0)).toList(),
                done.retirementsAffected()));
    }

    /**
     * Totals and status are public; {@code holders} (who holds what) only for a key that may see them: all of them
     * for administrators and auditors, its own holding for an account holder, none (null) without a key.
     */
    @GetMapping("/api/batches/{batchId}")
    @KeyOptional
    @Transactional(readOnly = true)
    BatchResponse batch(@AuthenticationPrincipal Caller caller, @PathVariable String batchId) {
        BatchView batch = views.batch(batchId).orElseThrow(() -> unknownBatch(batchId));
        List<HolderResponse> holders = caller == null ? null : views.holdingsOfBatch(batchId).stream()
                .filter(h -> caller.canRead(h.accountId()))
                .map(h -> new HolderResponse(h.accountId(), h.quantity(),
                        SerialBlockResponse.of(batch.serialPrefix(), BatchViews.blocksOf(h)), h.expired()))
                .toList();
        return new BatchResponse(batch.batchId(), batch.projectId(), batch.standard(), batch.projectCountry(),
                batch.category(), batch.removalSink(), batch.vintageStart(), batch.vintageEnd(), batch.serialPrefix(),
                batch.labels().isEmpty() ? List.of() : Arrays.asList(batch.labels().split(",")),
                batch.correspondingAdjustment(), batch.issued(), batch.held(), batch.retired(), batch.cancelled(),
                batch.invalidated(), batch.status(), InvalidationResponse.of(batch), batch.issuedAt(), holders,
                BufferShare.of(batch), batch.article6(),
                batch.firstInternationalTransferEventId() == null ? null : new FirstInternationalTransfer(
                        batch.firstInternationalTransferEventId(), batch.firstInternationalTransferAt()),
                batch.benefitType(), batch.expiresOn(), batch.expired(), batch.expiredAt(),
                batch.externalSerials());
    }

    private <R> ResponseEntity<R> move(Caller caller, String key, String batchId, String operation, Object request,
                                       BiFunction<CreditsMoved, Boolean, R> response, Supplier<Object> command) {
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/batches/" + batchId + "/" + operation, request);
        if (!views.exists(batchId)) {
            throw unknownBatch(batchId);
        }
        Sent<CreditsMoved> sent = commands.send(command.get(), idempotency);
        return sent.created(response.apply(sent.result(), sent.replayed()));
    }

    private static String reasonOrDefault(StatusRequest request, String fallback) {
        return request.reason() == null || request.reason().isBlank() ? fallback : request.reason();
    }

    private static CommandRefused unknownBatch(String batchId) {
        return CommandRefused.notFound("batch " + batchId + " does not exist");
    }
}
