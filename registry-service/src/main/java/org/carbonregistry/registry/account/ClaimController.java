package org.carbonregistry.registry.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.events.ClaimType;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** {@code POST /api/accounts/{id}/claims}: a claim backed by retirements of that account. */
@RestController
class ClaimController {

    private final RegistryCommands commands;
    private final Directory directory;

    ClaimController(RegistryCommands commands, Directory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record ClaimRequest(@NotNull ClaimType type, @NotNull LocalDate periodStart, @NotNull LocalDate periodEnd,
                        String statement, List<String> retirementIds) {
    }

    @PostMapping("/api/accounts/{accountId}/claims")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ClaimReceipt> claim(@AuthenticationPrincipal Caller caller, @PathVariable String accountId,
                                       @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                       @Valid @RequestBody ClaimRequest request) {
        IdempotentRequest idempotency = commands.idempotent(key, "POST /api/accounts/" + accountId + "/claims", request);
        Accounts.requireKnown(caller, directory, accountId);
        Sent<ClaimReceipt> sent = commands.send(new MakeClaim(accountId, UUID.randomUUID().toString(), request.type(),
                request.periodStart(), request.periodEnd(), request.statement(),
                Commitment.encodeSalt(Commitment.newSalt()), request.retirementIds(), caller.actor()), idempotency);
        return sent.created(sent.result());
    }
}
