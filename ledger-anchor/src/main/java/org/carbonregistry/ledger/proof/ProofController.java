package org.carbonregistry.ledger.proof;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.carbonregistry.ledger.verify.ConsistencyProofDocument;
import org.carbonregistry.ledger.verify.InclusionProofDocument;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Inclusion and consistency proofs, in the documents the offline verifier reads. */
@RestController
class ProofController {

    private final ProofService proofs;

    ProofController(ProofService proofs) {
        this.proofs = proofs;
    }

    @GetMapping("/api/proofs/inclusion")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", schema = @Schema(implementation = InclusionProofDocument.class)))
    ResponseEntity<String> inclusion(@RequestParam String eventId, @RequestParam(required = false) Long treeSize) {
        return TextResponses.json(proofs.inclusion(eventId, treeSize).toJson());
    }

    @GetMapping("/api/proofs/consistency")
    @ApiResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ConsistencyProofDocument.class)))
    ResponseEntity<String> consistency(@RequestParam long from, @RequestParam long to) {
        return TextResponses.json(proofs.consistency(from, to).toJson());
    }
}
