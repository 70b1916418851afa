package org.carbonregistry.registry.project;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.carbonregistry.events.BenefitType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.directory.Directory;
import org.carbonregistry.registry.directory.ProjectEntry;
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
@RequestMapping("/api/projects")
class ProjectController {

    private final RegistryCommands commands;
    private final Directory directory;

    ProjectController(RegistryCommands commands, Directory directory) {
        this.commands = commands;
        this.directory = directory;
    }

    record RegisterProjectRequest(@NotBlank String name, @NotNull Standard standard, @NotBlank String methodology,
                                  @NotBlank String country, @NotNull ProjectCategory category,
                                  RemovalSink removalSink, @NotBlank String type,
                                  @NotBlank String developerAccountId, BenefitType benefitType) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ProjectEntry> register(@AuthenticationPrincipal Caller caller,
                                          @RequestHeader(name = IdempotentRequest.HEADER, required = false) String key,
                                          @Valid @RequestBody RegisterProjectRequest request) {
        Sent<String> sent = commands.send(
                new RegisterProject(UUID.randomUUID().toString(), request.name(), request.standard(),
                        request.methodology(), request.country(), request.category(), request.removalSink(),
                        request.type(), request.developerAccountId(), caller.actor(), request.benefitType()),
                commands.idempotent(key, "POST /api/projects", request));
        return sent.created(directory.project(sent.result()).orElseThrow());
    }

    @GetMapping("/{projectId}")
    ProjectEntry project(@PathVariable String projectId) {
        return directory.project(projectId)
                .orElseThrow(() -> CommandRefused.notFound("project " + projectId + " does not exist"));
    }
}
