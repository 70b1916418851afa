package org.carbonregistry.reporting.retirement;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.Caller;
import org.carbonregistry.reporting.ledger.LedgerAnswer;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.ledger.TlogProofAnswer;
import org.carbonregistry.reporting.projection.ProjectionPositions;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.projection.SourcePositionJson;
import org.carbonregistry.access.Problems;
import org.carbonregistry.reporting.web.ReportParameters;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /api/retirements?account=&year=&asOf=} (streamed from a cursor) and {@code GET /api/retirements/{id}}.
 * An account's retirements need that account's key, or an administrator's or auditor's; the list of every
 * account's retirements (no {@code account}) needs an administrator's or auditor's. One retirement is public, with
 * its personal data and salts while they exist (so anyone holding them can open the commitments) and the ledger's
 * answer, checked with the ledger's key.
 */
@RestController
class RetirementController {

    private static final JsonFactory JSON = new JsonFactory();

    private final RetirementQueries retirements;
    private final RetirementAccess retirementAccess;
    private final ProjectionPositions positions;
    private final AccessPolicy access;
    private final LedgerClient ledger;
    private final TransactionTemplate readOnly;
    private final Clock clock = Clock.systemUTC();

    RetirementController(RetirementQueries retirements, RetirementAccess retirementAccess,
                         ProjectionPositions positions, AccessPolicy access, LedgerClient ledger,
                         PlatformTransactionManager transactions) {
        this.retirements = retirements;
        this.retirementAccess = retirementAccess;
        this.positions = positions;
        this.access = access;
        this.ledger = ledger;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping("/api/retirements")
    @ApiResponse(responseCode = "200", description = "The account's (or every account's) retirements, with the source position",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetirementSchemas.RetirementList.class)))
    ResponseEntity<StreamingResponseBody> list(@RequestParam(required = false) String account,
                                               @RequestParam(required = false) String year,
                                               @RequestParam(required = false) String asOf,
                                               @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        String accountId = ReportParameters.account(account);
        Integer reportingYear = ReportParameters.optionalYear(year, clock);
        Instant cutOff = ReportParameters.asOf(asOf);
        if (accountId == null) {
            access.requireReadsEverything(authorization, "the list of every account's retirements");
        } else {
            Caller caller = access.requireAccount(authorization, accountId);
            if (!retirements.accountExists(accountId)) {
                throw Problems.notFound("account " + accountId + " is not known to reporting"
                        + (caller.readsEverything() ? "" : " yet"));
            }
        }
        SourcePosition source = positions.at(cutOff);
        RetirementFilter filter = new RetirementFilter(accountId, reportingYear, cutOff, source.watermark());
        StreamingResponseBody body = out -> readOnly.executeWithoutResult(status -> {
            try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeStringField("account", accountId);
                if (reportingYear == null) {
                    json.writeNullField("reportingYear");
                } else {
                    json.writeNumberField("reportingYear", reportingYear);
                }
                SourcePositionJson.write(json, "source", source);
                json.writeArrayFieldStart("retirements");
                retirements.stream(filter, view -> {
                    try {
                        json.writeStartObject();
                        RetirementJson.writeFields(json, view, ledger);
                        json.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndArray();
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(path = "/api/retirements/{retirementId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The retirement with its ledger proof and tlog-proof status",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RetirementSchemas.RetirementWithProofs.class)))
    ResponseEntity<byte[]> retirement(@PathVariable String retirementId) throws IOException {
        RetirementView view = retirementAccess.readable(retirementId);
        LedgerAnswer answer = ledger.inclusion(view.eventId(), view.leafHash());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            RetirementJson.writeFields(json, view, ledger);
            json.writeStringField("beneficiarySalt", view.beneficiarySalt());
            json.writeStringField("purposeSalt", view.purposeSalt());
            writeLedger(json, answer);
            writeTlogProof(json, ledger.tlogProof(view.eventId(), view.leafHash()), ledger.tlogProofUrlText(view.eventId()));
            json.writeStringField("certificate", "/api/retirements/" + retirementId + "/certificate.pdf");
            json.writeEndObject();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header("X-Ledger-Status", answer.getClass().getSimpleName()).body(out.toByteArray());
    }

    /**
     * {@code "tlogProof"}: the c2sp.org/tlog-proof text, or null with {@code "tlogProofStatus"} saying why, as
     * {@code ledger.status} does for the inclusion proof, and where to fetch it later.
     */
    private static void writeTlogProof(JsonGenerator json, TlogProofAnswer answer, String url) throws IOException {
        if (answer instanceof TlogProofAnswer.Proof proof) {
            json.writeStringField("tlogProof", proof.text());
        } else {
            json.writeNullField("tlogProof");
        }
        json.writeObjectFieldStart("tlogProofStatus");
        json.writeStringField("status", answer.getClass().getSimpleName());
        json.writeStringField("url", url);
        if (answer instanceof TlogProofAnswer.Unverified unverified) {
            json.writeStringField("reason", unverified.reason());
        } else if (answer instanceof TlogProofAnswer.Unreachable unreachable) {
            json.writeStringField("reason", unreachable.reason());
        }
        json.writeEndObject();
    }

    /** {@code "ledger": {"status": "Anchored", ...}}: anchored only once proof and checkpoint signature checked out. */
    private static void writeLedger(JsonGenerator json, LedgerAnswer answer) throws IOException {
        json.writeObjectFieldStart("ledger");
        json.writeStringField("status", answer.getClass().getSimpleName());
        if (answer instanceof LedgerAnswer.Anchored anchored) {
            json.writeNumberField("leafIndex", anchored.leafIndex());
            json.writeNumberField("treeSize", anchored.treeSize());
            json.writeStringField("rootHash", anchored.rootHash());
            json.writeStringField("origin", anchored.origin());
            json.writeStringField("checkpoint", anchored.checkpoint());
        } else if (answer instanceof LedgerAnswer.Unverified unverified) {
            json.writeStringField("reason", unverified.reason());
        } else if (answer instanceof LedgerAnswer.Unreachable unreachable) {
            json.writeStringField("reason", unreachable.reason());
        }
        json.writeEndObject();
    }
}
