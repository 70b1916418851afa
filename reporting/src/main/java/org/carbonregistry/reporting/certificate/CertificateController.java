package org.carbonregistry.reporting.certificate;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import org.carbonregistry.reporting.ledger.LedgerAnswer;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.ledger.TlogProofAnswer;
import org.carbonregistry.reporting.retirement.RetirementAccess;
import org.carbonregistry.reporting.retirement.RetirementView;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;

/** {@code GET /api/retirements/{id}/certificate.pdf}: public, like the retirement it certifies. */
@RestController
class CertificateController {

    private final RetirementAccess retirements;
    private final LedgerClient ledger;
    private final CertificatePdf certificates = new CertificatePdf();

    CertificateController(RetirementAccess retirements, LedgerClient ledger) {
        this.retirements = retirements;
        this.ledger = ledger;
    }

    @GetMapping("/api/retirements/{retirementId}/certificate.pdf")
    @ApiResponse(responseCode = "200", description = "The retirement certificate",
            content = @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")))
    ResponseEntity<byte[]> certificate(@PathVariable String retirementId) throws IOException {
        RetirementView retirement = retirements.readable(retirementId);
        URI proofUrl = ledger.proofUrl(retirement.eventId());
        LedgerAnswer answer = ledger.inclusion(retirement.eventId(), retirement.leafHash());
        TlogProofAnswer tlogProof = ledger.tlogProof(retirement.eventId(), retirement.leafHash());
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        certificates.write(retirement, answer, proofUrl, tlogProof, ledger.tlogProofUrlText(retirement.eventId()), pdf);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename("retirement-" + retirementId + ".pdf").build().toString())
                .header("X-Ledger-Status", answer.getClass().getSimpleName())
                .header("X-Tlog-Proof-Status", tlogProof.getClass().getSimpleName())
                .body(pdf.toByteArray());
    }
}
