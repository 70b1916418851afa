package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators and client generators read: the OpenAPI document, health and metrics. */
class OperationalEndpointsIT extends RunningRegistry {

    @Test
    void theOpenApiDocumentListsEveryEndpoint() {
        Api.Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.contentType()).startsWith("application/json");
        assertThat(docs.body().path("openapi").asText()).startsWith("3.");
        JsonNode paths = docs.body().path("paths");
        assertThat(paths.has("/api/accounts")).isTrue();
        assertThat(paths.path("/api/accounts").has("post")).isTrue();
        assertThat(paths.path("/api/accounts/{accountId}").has("get")).isTrue();
        assertThat(paths.path("/api/accounts/{accountId}/holdings").has("get")).isTrue();
        assertThat(paths.path("/api/accounts/{accountId}/api-keys").has("post")).isTrue();
        assertThat(paths.path("/api/accounts/{accountId}/api-keys/{keyId}").has("delete")).isTrue();
        assertThat(paths.path("/api/projects").has("post")).isTrue();
        assertThat(paths.path("/api/projects/{projectId}").has("get")).isTrue();
        assertThat(paths.path("/api/batches").has("post")).isTrue();
        assertThat(paths.path("/api/batches/{batchId}").has("get")).isTrue();
        for (String operation : new String[] {"transfers", "retirements", "cancellations", "freeze", "unfreeze",
                "article6/authorization", "article6/corresponding-adjustment"}) {
            assertThat(paths.path("/api/batches/{batchId}/" + operation).has("post")).as(operation).isTrue();
        }
        assertThat(paths.path("/api/exports/units").has("get")).isTrue();
        assertThat(paths.path("/api/auth/introspect").has("post")).isTrue();
    }

    @Test
    void healthIsUpWithoutAKeyButItsDetailsNeedAnAdministratorOrAuditor() {
        Api.Response health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        assertThat(health.body().has("components")).as("components shown without a key").isFalse();
        assertThat(api.get("/actuator/health/readiness", null).body().has("components")).isFalse();

        Api.Response readiness = api.get("/actuator/health/readiness", ADMIN_KEY);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body().path("components").path("kafka").path("status").asText()).isEqualTo("UP");
        assertThat(readiness.body().path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusExposesHttpAndAxonMetrics() throws Exception {
        // Some traffic first, so that request and command metrics exist.
        RegistryScene scene = newScene(10);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 1), 201);

        assertThat(scrape(null).statusCode()).as("anonymous scrape").isEqualTo(401);
        assertThat(scrape(scene.corporateKey()).statusCode()).as("account holder's scrape").isEqualTo(403);
        assertThat(scrape(scene.auditorKey()).statusCode()).as("auditor's scrape").isEqualTo(200);
        HttpResponse<String> metrics = scrape(ADMIN_KEY);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(sum(metrics.body(), "http_server_requests_seconds_count")).isPositive();
        assertThat(sum(metrics.body(), "commandBus_successCounter_total")).as("Axon command bus").isPositive();
        assertThat(sum(metrics.body(), "batch_views_successCounter_total")).as("Axon batch views").isPositive();
        assertThat(metrics.body().lines().filter(line -> line.startsWith("spring_security_")))
                .as("no observations of the security chain's filters").isEmpty();
    }

    private HttpResponse<String> scrape(String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a metric's samples over all its labels; 0 if it is absent. */
    private static double sum(String exposition, String metric) {
        return exposition.lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
