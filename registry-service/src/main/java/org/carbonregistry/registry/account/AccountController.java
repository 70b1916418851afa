package org.carbonregistry.registry.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.AccountEntry;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@RequestMapping("/api/accounts")
class AccountController {

    private final RegistryCommands commands;
    private final Directory directory;

    AccountController(RegistryCommands commands, Directory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record OpenAccountRequest(@NotBlank String name, @NotNull AccountType type, @NotBlank String jurisdiction) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<AccountEntry> open(@AuthenticationPrincipal Caller caller,
                                      @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                      @Valid @RequestBody OpenAccountRequest request) {
        Sent<String> sent = commands.send(
                new OpenAccount(UUID.randomUUID().toString(), request.name(), request.type(), request.jurisdiction(),
                        caller.actor()),
                commands.idempotent(key, "POST /api/accounts", request));
        return sent.created(directory.account(sent.result()).orElseThrow());
    }

    @GetMapping("/{accountId}")
    AccountEntry account(@AuthenticationPrincipal Caller caller, @PathVariable String accountId) {
        caller.requireCanRead(accountId);
        return directory.account(accountId)
                .orElseThrow(() -> CommandRefused.notFound("account " + accountId + " does not exist"));
    }
}
