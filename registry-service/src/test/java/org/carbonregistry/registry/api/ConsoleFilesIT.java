package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The web console's files and its config are served by registry-service to anyone, with no key. */
class ConsoleFilesIT extends RunningRegistry {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theConsoleIsServedWithoutAKey() throws Exception {
        HttpResponse<String> root = get("/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location").orElseThrow()).endsWith("/console/");
        assertThat(get("/console").headers().firstValue("Location").orElseThrow()).endsWith("/console/");

        HttpResponse<String> index = get("/console/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(index.body()).contains("Carbon Registry console").contains("href=\"explorer.html\"");

        for (String page : List.of("explorer.html", "retire.html", "claims.html", "verify.html", "reports.html",
                "imports.html")) {
            HttpResponse<String> html = get("/console/" + page);
            assertThat(html.statusCode()).as(page).isEqualTo(200);
            assertThat(html.body()).as(page).contains("<script type=\"module\" src=\"js/");
        }
        // ES modules load only with a JavaScript media type.
        for (String module : List.of("api.js", "explorer.js", "retire.js", "claims.js", "verify.js", "proof.js", "reports.js", "chart.js",
                "imports.js")) {
            HttpResponse<String> script = get("/console/js/" + module);
            assertThat(script.statusCode()).as(module).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type").orElseThrow()).as(module).contains("javascript");
        }
        assertThat(get("/console/console.css").headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(get("/console/no-such-page.html").statusCode()).isEqualTo(404);
    }

    @Test
    void theConfigNamesTheLedgerAndReportingServices() throws Exception {
        HttpResponse<String> config = get("/console/config.json");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
        JsonNode body = new ObjectMapper().readTree(config.body());
        String ledger = System.getenv().getOrDefault("LEDGER_URL", "http://127.0.0.1:" + System.getenv().getOrDefault("LEDGER_PORT", "8081"));
        String reporting = System.getenv().getOrDefault("REPORTING_URL", "http://127.0.0.1:" + System.getenv().getOrDefault("REPORTING_PORT", "8082"));
        assertThat(body.path("ledgerUrl").asText()).isEqualTo(ledger.replaceAll("/$", ""));
        assertThat(body.path("reportingUrl").asText()).isEqualTo(reporting.replaceAll("/$", ""));
    }

    @Test
    void writesStillNeedAKey() throws Exception {
        HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/console/config.json"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
