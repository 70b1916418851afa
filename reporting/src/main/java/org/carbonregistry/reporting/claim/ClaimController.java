package org.carbonregistry.reporting.claim;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.carbonregistry.access.Problems;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * {@code GET /api/claims/{claimId}}, public like a retirement: a claim is made to be checked by those it is made to,
 * and it shows only what the log already shows (its retirements, their tonnes and events, the statement's commitment).
 */
@RestController
class ClaimController {

    private static final JsonFactory JSON = new JsonFactory();

    private final ClaimQueries claims;
    private final LedgerClient ledger;

    ClaimController(ClaimQueries claims, LedgerClient ledger) {
        this.claims = claims;
        this.ledger = ledger;
    }

    @GetMapping(path = "/api/claims/{claimId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The claim with its retirements and their proof links",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ClaimSchemas.Claim.class)))
    ResponseEntity<byte[]> claim(@PathVariable String claimId) throws IOException {
        ClaimView claim = claims.find(claimId)
                .orElseThrow(() -> Problems.notFound("claim " + claimId + " is not known to reporting"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            ClaimJson.writeFields(json, claim, ledger);
            json.writeEndObject();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(out.toByteArray());
    }
}
