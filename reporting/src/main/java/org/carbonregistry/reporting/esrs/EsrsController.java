package org.carbonregistry.reporting.esrs;

import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Content;
import org.carbonregistry.access.KeyOptional;
import io.swagger.v3.oas.annotations.media.Schema;
import org.carbonregistry.access.AccessPolicy;
import org.carbonregistry.access.Caller;
import org.carbonregistry.reporting.claim.ClaimQueries;
import org.carbonregistry.reporting.plan.PlanQueries;
import org.carbonregistry.reporting.projection.ProjectionPositions;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.retirement.RetirementFilter;
import org.carbonregistry.reporting.retirement.RetirementQueries;
import org.carbonregistry.access.Problems;
import org.carbonregistry.reporting.web.ReportParameters;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/reports/esrs-e1-7?account=&year=&format=csv|json|pdf|xhtml&asOf=} (ESRS Set 1) and
 * {@code GET /api/reports/esrs-2026?...} (the revised ESRS). Everything that can go wrong with the request is checked
 * before the first byte is written, so failures are proper problems; then the summary is computed and the annex
 * streamed from a cursor. The account's key (or an administrator's or auditor's) is needed for an account; the
 * registry-wide aggregates are public, their annex is for administrators and auditors.
 */
@RestController
class EsrsController {

    private final EsrsQueries queries;
    private final PlanQueries plans;
    private final ClaimQueries claims;
    private final RetirementQueries retirements;
    private final PurchasedHoldings purchased;
    private final ProjectionPositions positions;
    private final AccessPolicy access;
    private final EsrsJsonWriter json;
    private final EsrsCsvWriter csv;
    private final EsrsPdfWriter pdf;
    private final EsrsXhtmlWriter xhtml;
    private final Esrs2026Writer revised;
    private final TransactionTemplate readOnly;
    private final Clock clock = Clock.systemUTC();

    EsrsController(EsrsQueries queries, PlanQueries plans, ClaimQueries claims, RetirementQueries retirements,
                   PurchasedHoldings purchased,
                   ProjectionPositions positions, AccessPolicy access, EsrsJsonWriter json, EsrsCsvWriter csv,
                   EsrsPdfWriter pdf, EsrsXhtmlWriter xhtml, Esrs2026Writer revised,
                   PlatformTransactionManager transactions) {
        this.queries = queries;
        this.plans = plans;
        this.claims = claims;
        this.retirements = retirements;
        this.purchased = purchased;
        this.positions = positions;
        this.access = access;
        this.json = json;
        this.csv = csv;
        this.pdf = pdf;
        this.xhtml = xhtml;
        this.revised = revised;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** A checked request: parameters parsed, access granted, the position every query of the report is bounded by. */
    private record Request(String accountId, int year, ReportFormat format, Instant asOf, boolean annex,
                           SourcePosition source, RetirementFilter filter) {
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    @GetMapping("/api/reports/esrs-e1-7")
    @KeyOptional
    @ApiResponse(responseCode = "200", description = "The report in the asked format (json by default)", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = EsrsSchemas.EsrsE17Report.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "application/xhtml+xml", schema = @Schema(type = "string"))})
    ResponseEntity<StreamingResponseBody> report(@RequestParam(required = false) String account,
                                                 @RequestParam(required = false) String year,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String asOf,
                                                 @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Request request = request(account, year, format, asOf, authorization);
        ReportWindow window = new ReportWindow(request.asOf(), request.source().watermark());
        EsrsReport report = new EsrsReport(request.accountId(), request.year(), request.asOf(), request.source(),
                queries.summary(request.filter()), request.annex(),
                plans.planned(request.accountId(), request.year(), window, request.annex()),
                request.annex() ? claims.forYear(request.accountId(), request.year(), window) : List.of());
        AnnexRows rows = request.annex() ? each -> retirements.stream(request.filter(), each) : AnnexRows.NONE;
        return respond("esrs-e1-7", request, out -> {
            switch (request.format()) {
                case JSON -> json.write(report, rows, out);
                case CSV -> csv.write(report, rows, out);
                case PDF -> pdf.write(report, rows, out);
                case XHTML -> xhtml.write(report, rows, out);
            }
        });
    }

    @GetMapping("/api/reports/esrs-2026")
    @KeyOptional
    @ApiResponse(responseCode = "200", description = "The report in the asked format (json by default)", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = EsrsSchemas.RevisedEsrsReport.class)),
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/pdf", schema = @Schema(type = "string", format = "binary")),
            @Content(mediaType = "application/xhtml+xml", schema = @Schema(type = "string"))})
    ResponseEntity<StreamingResponseBody> revised(@RequestParam(required = false) String account,
                                                  @RequestParam(required = false) String year,
                                                  @RequestParam(required = false) String format,
                                                  @RequestParam(required = false) String asOf,
                                                  @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        Request request = request(account, year, format, asOf, authorization);
        // Computed before the first byte (a failure is still a problem); the movements are read from a cursor.
        Esrs2026Report report = readOnly.execute(status -> new Esrs2026Report(request.accountId(), request.year(),
                request.asOf(), request.source(), queries.summary(request.filter()),
                purchased.tonnes(request.accountId(), request.year(), request.asOf(), request.source().watermark())));
        return respond("esrs-2026", request, out -> revised.write(report, request.format(), out));
    }

    private Request request(String account, String year, String format, String asOf, String authorization) {
        String accountId = ReportParameters.account(account);
        int reportingYear = ReportParameters.year(year, clock);
        ReportFormat reportFormat = ReportFormat.parse(format);
        Instant cutOff = ReportParameters.asOf(asOf);
        boolean annex;
        if (accountId != null) {
            Caller caller = access.requireAccount(authorization, accountId);
            if (!retirements.accountExists(accountId)) {
                throw Problems.notFound("account " + accountId + " is not known to reporting"
                        + (caller.readsEverything() ? "" : " yet"));
            }
            annex = true;
        } else {
            Optional<Caller> caller = access.caller(authorization);
            annex = caller.map(Caller::readsEverything).orElse(false);
        }
        SourcePosition source = positions.at(cutOff);
        return new Request(accountId, reportingYear, reportFormat, cutOff, annex, source,
                new RetirementFilter(accountId, reportingYear, cutOff, source.watermark()));
    }

    /** Computed and written inside one read-only transaction, so that PostgreSQL streams from a cursor. */
    private ResponseEntity<StreamingResponseBody> respond(String name, Request request, Body body) {
        StreamingResponseBody stream = out -> readOnly.executeWithoutResult(status -> {
            try {
                body.write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String filename = name + "-" + (request.accountId() == null ? "registry" : request.accountId()) + "-"
                + request.year() + (request.asOf() == null ? "" : "-asof-" + request.asOf().toString().replace(':', '-'))
                + "." + request.format().extension();
        return ResponseEntity.ok()
                .contentType(request.format().mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(stream);
    }
}
