package org.carbonregistry.registry.label;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.carbonregistry.events.CreditLabels;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.idempotency.IdempotentRequest;
import org.carbonregistry.registry.web.RegistryCommands;
import org.carbonregistry.registry.web.RegistryCommands.Sent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping(Labels.LISTED_AT)
class LabelController {

    private final RegistryCommands commands;
    private final Labels labels;

    LabelController(RegistryCommands commands, Labels labels) {
        this.commands = commands;
        this.labels = labels;
    }

    record RegisterLabelRequest(@NotBlank String code, @NotBlank String description) {
    }

    record LabelResponse(String code, String description, boolean builtIn) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<LabelRegistration> register(@AuthenticationPrincipal Caller caller,
                                               @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                               @Valid @RequestBody RegisterLabelRequest request) {
        Sent<LabelRegistration> sent = commands.send(
                new RegisterLabel(request.code(), request.description(), caller.actor()),
                commands.idempotent(key, "POST " + Labels.LISTED_AT, request));
        return sent.created(sent.result());
    }

    @GetMapping
    List<LabelResponse> all() {
        return labels.all().stream()
                .map(l -> new LabelResponse(l.code(), l.description(), CreditLabels.isBuiltIn(l.code())))
                .toList();
    }
}
