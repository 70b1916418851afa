package org.carbonregistry.registry.imports;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.carbonregistry.registry.access.Caller;
import org.carbonregistry.registry.imports.Importer.ImportReport;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * {@code POST /api/imports?source=verra|gold-standard}: a programme's public export as {@code text/csv}, read from
 * the request as it arrives (never held whole), each row a batch.
 */
@RestController
class ImportController {

    private final Importer importer;

    ImportController(Importer importer) {
        this.importer = importer;
    }

    @PostMapping(path = "/api/imports", consumes = "text/csv")
    @ResponseStatus(HttpStatus.CREATED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the programme's export,"
            + " with its header row", content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ImportReport importExport(@AuthenticationPrincipal Caller caller,
                              @Parameter(description = "whose export the body is",
                                      schema = @Schema(allowableValues = {"verra", "gold-standard"}))
                              @RequestParam String source,
                              HttpServletRequest request) throws IOException {
        return importer.run(ImportSource.of(source), request.getInputStream(), caller.actor());
    }
}
