package org.carbonregistry.registry.webhook;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.idempotency.IdempotencyStore;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.carbonregistry.registry.web.ResultLimit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private final Webhooks webhooks;
    private final RegistryCommands commands;

    WebhookController(Webhooks webhooks, RegistryCommands commands) {
        this.webhooks = webhooks;
        this.commands = commands;
    }

    record SubscribeRequest(@NotBlank String url, @NotEmpty List<@NotBlank String> eventTypes) {
    }

    /** The secret is shown here, and again only to a retry with the same {@code Idempotency-Key} and request. */
    record WebhookCreated(String webhookId, String secret, String url, List<String> eventTypes, String accountId) {
    }

    /**
     * {@code accountId} null: registry-wide. {@code disabledAt} and {@code disabledReason}: null while active.
     * {@code reenabledAt}: when it was last re-enabled, null if never.
     */
    record WebhookResponse(String webhookId, String url, List<String> eventTypes, String accountId, String status,
                           Instant createdAt, Instant failingSince, Instant disabledAt, String disabledReason,
                           Instant reenabledAt) {
        static WebhookResponse of(WebhookRecord w) {
            return new WebhookResponse(w.webhookId(), w.url(), w.eventTypes(), w.accountId(), w.status().name(),
                    w.createdAt(), w.failingSince(), w.disabledAt(), w.disabledReason(), w.reenabledAt());
        }
    }

    record AttemptResponse(Instant attemptedAt, Integer statusCode, String error, long durationMillis) {
    }

    /** {@code status}: PENDING (owed, {@code nextAttemptAt} set), DELIVERED, or FAILED (given up). */
    record DeliveryResponse(String deliveryId, String eventId, String eventType, Instant occurredAt, String status,
                            Instant createdAt, Instant nextAttemptAt, Instant deliveredAt, Integer lastStatusCode,
                            String lastError, List<AttemptResponse> attempts) {
        static DeliveryResponse of(WebhookStore.DeliveryLog log) {
            DeliveryRecord d = log.delivery();
            return new DeliveryResponse(d.deliveryId(), d.eventId(), d.eventType(), d.occurredAt(), d.status().name(),
                    d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.lastStatusCode(), d.lastError(),
                    log.attempts().stream().map(a -> new AttemptResponse(a.attemptedAt(), a.statusCode(), a.error(),
                            a.durationMillis())).toList());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<WebhookCreated> subscribe(@AuthenticationPrincipal Caller caller,
                                             @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                             @Valid @RequestBody SubscribeRequest request) {
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/webhooks", request);
        Sent<WebhookRecord> sent = IdempotencyStore.onceTheTwinIsDone(
                () -> webhooks.subscribe(caller, request.url(), request.eventTypes(), idempotency));
        WebhookRecord w = sent.result();
        return sent.created(new WebhookCreated(w.webhookId(), w.secret(), w.url(), w.eventTypes(), w.accountId()));
    }

    @GetMapping
    List<WebhookResponse> own(@AuthenticationPrincipal Caller caller) {
        return webhooks.own(caller).stream().map(WebhookResponse::of).toList();
    }

    /** One hook as the list shows it (no secret); another account's hook does not exist for this key (404). */
    @GetMapping("/{webhookId}")
    WebhookResponse webhook(@AuthenticationPrincipal Caller caller, @PathVariable String webhookId) {
        return WebhookResponse.of(webhooks.webhook(caller, webhookId));
    }

    @GetMapping("/{webhookId}/deliveries")
    List<DeliveryResponse> deliveries(@AuthenticationPrincipal Caller caller, @PathVariable String webhookId,
                                      @RequestParam(required = false) Integer limit) {
        return webhooks.deliveries(caller, webhookId, ResultLimit.of(limit)).stream().map(DeliveryResponse::of).toList();
    }

    @PostMapping("/{webhookId}/enable")
    @Operation(summary = "Re-enable a disabled webhook", description = "The hook becomes ACTIVE again with its id,"
            + " URL, secret and event types; failingSince, disabledAt and disabledReason are cleared and reenabledAt"
            + " set. It is owed the events that occur from now on: what it was owed when it was disabled stays FAILED,"
            + " and events that occurred while it was disabled are never sent. An active hook is answered unchanged"
            + " (idempotent). Another account's hook, or an unknown id, is 404 as for the other webhook endpoints.")
    WebhookResponse reenable(@AuthenticationPrincipal Caller caller, @PathVariable String webhookId) {
        return WebhookResponse.of(webhooks.reenable(caller, webhookId));
    }

    @DeleteMapping("/{webhookId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String webhookId) {
        webhooks.delete(caller, webhookId);
        return ResponseEntity.noContent().build();
    }
}
