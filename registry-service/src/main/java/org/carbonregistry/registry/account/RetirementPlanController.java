package org.carbonregistry.registry.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** {@code POST /api/accounts/{id}/retirement-plans}, {@code DELETE .../retirement-plans/{planId}}. */
@RestController
class RetirementPlanController {

    private final RegistryCommands commands;
    private final Directory directory;

    RetirementPlanController(RegistryCommands commands, Directory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record PlanRequest(@NotNull Long quantity, @NotNull Integer plannedYear, @NotNull Boolean basedOnExistingContracts,
                       String note) {
    }

    record PlanResponse(String planId, String accountId) {
    }

    @PostMapping("/api/accounts/{accountId}/retirement-plans")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<PlanResponse> plan(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                                      @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                      @Valid @RequestBody PlanRequest request) {
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/accounts/" + accountId + "/retirement-plans", request);
        Accounts.requireKnown(caller, directory, accountId);
        Sent<String> sent = commands.send(new PlanRetirement(accountId, UUID.randomUUID().toString(), request.quantity(),
                request.plannedYear(), request.basedOnExistingContracts(), request.note(),
                Commitment.encodeSalt(Commitment.newSalt()), caller.actor()), idempotency);
        return sent.created(new PlanResponse(sent.result(), accountId));
    }

    @DeleteMapping("/api/accounts/{accountId}/retirement-plans/{planId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> withdraw(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                                  @PathVariable String planId) {
        Accounts.requireKnown(caller, directory, accountId);
        commands.send(new WithdrawRetirementPlan(accountId, planId, caller.actor()));
        return ResponseEntity.noContent().build();
    }
}
