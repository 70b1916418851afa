package org.carbonregistry.registry.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web console is static files under {@code /console/} (ES modules, no build step). This serves its entry
 * points and {@code /console/config.json}, which tells the pages where the ledger and reporting services are.
 */
@Controller
class ConsoleController {

    record ConsoleConfig(String ledgerUrl, String reportingUrl) {
    }

    private final ConsoleConfig config;

    ConsoleController(@Value("${LEDGER_URL:http://127.0.0.1:${LEDGER_PORT:8081}}") String ledgerUrl,
                      @Value("${REPORTING_URL:http://127.0.0.1:${REPORTING_PORT:8082}}") String reportingUrl) {
        this.config = new ConsoleConfig(withoutTrailingSlash(ledgerUrl), withoutTrailingSlash(reportingUrl));
    }

    /** With the trailing slash, so the pages' relative links resolve under /console/. */
    @GetMapping({"/", "/console"})
    String root() {
        return "redirect:/console/";
    }

    @GetMapping("/console/")
    String index() {
        return "forward:/console/index.html";
    }

    @GetMapping("/console/config.json")
    ResponseEntity<ConsoleConfig> config() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(config);
    }

    private static String withoutTrailingSlash(String url) {
        String trimmed = url.strip();
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
