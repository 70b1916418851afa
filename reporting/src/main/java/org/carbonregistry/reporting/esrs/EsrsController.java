package org.carbonregistry.reporting.esrs;

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
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/reports/esrs-e1-7?account=&year=&format=csv|json|pdf&asOf=}. Everything that can go wrong with
 * the request is checked before the first byte is written, so failures are proper problems; then the summary is
 * computed and the annex streamed from a cursor. The account's key (or an administrator's or auditor's) is needed
 * for an account; the registry-wide aggregates are public, their annex is for administrators and auditors.
 */
@RestController
class EsrsController {

    private final EsrsQueries queries;
    private final PlanQueries plans;
    private final ClaimQueries claims;
    private final RetirementQueries retirements;
    private final ProjectionPositions positions;
    private final AccessPolicy access;
    private final EsrsJsonWriter json;
    private final EsrsCsvWriter csv;
    private final EsrsPdfWriter pdf;
    private final TransactionTemplate readOnly;
    private final Clock clock = Clock.systemUTC();

    EsrsController(EsrsQueries queries, PlanQueries plans, ClaimQueries claims, RetirementQueries retirements,
                   ProjectionPositions positions, AccessPolicy access, EsrsJsonWriter json, EsrsCsvWriter csv,
                   EsrsPdfWriter pdf, PlatformTransactionManager transactions) {
        this.queries = queries;
        this.plans = plans;
        this.claims = claims;
        this.retirements = retirements;
        this.positions = positions;
        this.access = access;
        this.json = json;
        this.csv = csv;
        this.pdf = pdf;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    @GetMapping("/api/reports/esrs-e1-7")
    ResponseEntity<StreamingResponseBody> report(@RequestParam(required = false) String account,
                                                 @RequestParam(required = false) String year,
                                                 @RequestParam(required = false) String format,
                                                 @RequestParam(required = false) String asOf,
                                                 @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
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
        RetirementFilter filter = new RetirementFilter(accountId, reportingYear, cutOff, source.watermark());
        ReportWindow window = new ReportWindow(cutOff, source.watermark());
        EsrsReport report = new EsrsReport(accountId, reportingYear, cutOff, source, queries.summary(filter), annex,
                plans.planned(accountId, reportingYear, window, annex),
                annex ? claims.forYear(accountId, reportingYear, window) : List.of());
        AnnexRows rows = annex ? each -> retirements.stream(filter, each) : AnnexRows.NONE;
        StreamingResponseBody body = out -> readOnly.executeWithoutResult(status -> {
            try {
                switch (reportFormat) {
                    case JSON -> json.write(report, rows, out);
                    case CSV -> csv.write(report, rows, out);
                    case PDF -> pdf.write(report, rows, out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String filename = "esrs-e1-7-" + report.scope() + "-" + reportingYear
                + (cutOff == null ? "" : "-asof-" + cutOff.toString().replace(':', '-')) + "." + reportFormat.extension();
        return ResponseEntity.ok()
                .contentType(reportFormat.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(body);
    }
}
