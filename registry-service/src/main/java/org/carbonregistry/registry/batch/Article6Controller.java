package org.carbonregistry.registry.batch;

import org.carbonregistry.events.Article6;
import org.carbonregistry.events.Article6Authorization;
import org.carbonregistry.events.CorrespondingAdjustmentStatus;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;
import java.util.function.Supplier;

/** The host Party's Article 6 decisions on a batch, recorded by the registry's administrators. */
@RestController
class Article6Controller {

    private final RegistryCommands commands;
    private final BatchViews views;

    Article6Controller(RegistryCommands commands, BatchViews views) {
        this.commands = commands;
        this.views = views;
    }

    /** {@code hostParty} defaults to the project's country; {@code reason} to a note that the registry recorded it. */
    record AuthorizationRequest(Article6Authorization authorization, String authorizationId, String hostParty,
                                String reason) {
    }

    /** {@code status} must be APPLIED; {@code reference} names where the host Party applied the adjustment. */
    record CorrespondingAdjustmentRequest(CorrespondingAdjustmentStatus status, String reference) {
    }

    record Article6Response(String batchId, UUID eventId, Article6 article6) {
    }

    @PostMapping("/api/batches/{batchId}/article6/authorization")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Article6Response> authorization(@AuthenticationPrincipal Caller caller, @PathVariable String batchId,
            @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
            @RequestBody AuthorizationRequest request) {
        String reason = request.reason() == null || request.reason().isBlank()
                ? "authorisation recorded by the registry" : request.reason();
        return send(caller, key, batchId, "article6/authorization", request,
                () -> new ChangeAuthorization(batchId, request.authorization(), request.authorizationId(),
                        request.hostParty(), reason, caller.actor()));
    }

    @PostMapping("/api/batches/{batchId}/article6/corresponding-adjustment")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Article6Response> correspondingAdjustment(@AuthenticationPrincipal Caller caller,
            @PathVariable String batchId, @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
            @RequestBody CorrespondingAdjustmentRequest request) {
        return send(caller, key, batchId, "article6/corresponding-adjustment", request,
                () -> new ApplyCorrespondingAdjustment(batchId, request.status(), request.reference(), caller.actor()));
    }

    private ResponseEntity<Article6Response> send(Caller caller, String key, String batchId, String operation,
                                                  Object request, Supplier<Object> command) {
        caller.actor().requireAdmin("record Article 6 decisions");
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/batches/" + batchId + "/" + operation, request);
        if (!views.exists(batchId)) {
            throw CommandRefused.notFound("batch " + batchId + " does not exist");
        }
        RegistryCommands.Sent<Article6Changed> sent = commands.send(command.get(), idempotency);
        Article6Changed changed = sent.result();
        return sent.created(new Article6Response(changed.batchId(), changed.eventId(), changed.article6()));
    }
}
