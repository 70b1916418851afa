package org.carbonregistry.registry.batch;

import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.RegistryCommands;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/retirements/{retirementId}/erasure} (administrators): the retirement's beneficiary, purpose and
 * salts are deleted here, a tombstone follows on {@code registry.personal-data}, and {@code PersonalDataErased}
 * goes to the log. Accepted (202) because the other services erase their copies when the tombstone reaches them.
 */
@RestController
class ErasureController {

    private final RegistryCommands commands;
    private final BatchViews views;

    ErasureController(RegistryCommands commands, BatchViews views) {
        this.commands = commands;
        this.views = views;
    }

    @PostMapping("/api/retirements/{retirementId}/erasure")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ResponseEntity<PersonalDataErasure> erase(@AuthenticationPrincipal Caller caller, @PathVariable String retirementId) {
        caller.actor().requireAdmin("erase personal data");
        String batchId = views.retirement(retirementId).map(RetirementView::batchId)
                .orElseThrow(() -> CommandRefused.notFound("retirement " + retirementId + " does not exist"));
        PersonalDataErasure erasure = commands.send(new ErasePersonalData(batchId, retirementId, caller.actor()));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(erasure);
    }
}
