package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.carbonregistry.access.SpreadsheetSafe;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.rules.CommandRefused;
import org.carbonregistry.registry.web.ResultLimit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;

/**
 * {@code GET /api/exports/units}: every batch's units in the CAD Trust v2 unit fields ({@link CadtUnit}), for
 * administrators and auditors (the owners are named). Here, in registry-service, because it owns the batches and
 * their holdings: a page is read in one transaction from the same tables {@code GET /api/batches/{id}} answers from.
 */
@RestController
class UnitExportController {

    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;
    private static final CsvMapper CSV = SpreadsheetSafe.mapper();
    private static final CsvSchema CSV_SCHEMA = CSV.schemaFor(CadtUnit.class).withHeader();
    private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final CadtUnits units;

    UnitExportController(CadtUnits units) {
        this.units = units;
    }

    /** {@code nextCursor} is null on the last page; otherwise ask again with {@code cursor=<nextCursor>}. */
    record UnitsPage(List<CadtUnit> units, String nextCursor) {
    }

    @GetMapping("/api/exports/units")
    @Transactional(readOnly = true)
    // The Link header is described, not declared: the contract checker reads a declared header's value as JSON.
    @ApiResponse(responseCode = "200", description = "A page of units in serial order (json by default); unless it is"
            + " the last page, a Link header names the next: <url>; rel=\"next\"",
            content = {
                    @Content(mediaType = "application/json", schema = @Schema(implementation = UnitsPage.class)),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    ResponseEntity<?> units(@AuthenticationPrincipal Caller caller, @RequestParam(required = false) String format,
                            @RequestParam(required = false) String cursor,
                            @RequestParam(required = false) Integer limit) {
        if (!caller.seesAllAccounts()) {
            throw CommandRefused.forbidden("the unit export names every owner: it is for administrators and auditors");
        }
        boolean csv = csv(format);
        int size = ResultLimit.of(limit, DEFAULT_LIMIT, MAX_LIMIT);
        CadtUnits.Page page = units.after(cursor(cursor), size, ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/batches/").toUriString());
        String next = page.next() == null ? null : Long.toString(page.next());
        var response = ResponseEntity.ok();
        if (next != null) {
            String link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("cursor", next)
                    .replaceQueryParam("limit", size).toUriString();
            response.header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"");
        }
        if (!csv) {
            return response.contentType(MediaType.APPLICATION_JSON).body(new UnitsPage(page.units(), next));
        }
        try {
            return response.contentType(TEXT_CSV).body(CSV.writer(CSV_SCHEMA).writeValueAsString(page.units()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean csv(String format) {
        if (format == null || format.equals("json")) {
            return false;
        }
        if (format.equals("csv")) {
            return true;
        }
        throw CommandRefused.invalid("format must be csv or json, was '" + format + "'");
    }

    private static long cursor(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            long after = Long.parseLong(cursor);
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw CommandRefused.invalid("cursor must be a nextCursor this export handed out, was '" + cursor + "'");
    }
}
