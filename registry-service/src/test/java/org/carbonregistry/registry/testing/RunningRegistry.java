package org.carbonregistry.registry.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/**
 * Base of the HTTP integration tests: they all extend it so they share one Spring context (the same
 * {@code @DynamicPropertySource} method is part of the context cache key), and boot the service once.
 */
@RegistryIntegrationTest
@Import({DistinctTokenOwner.class, StatementsOnThisThread.class})
public abstract class RunningRegistry {

    public static final String ADMIN_KEY = RegistryIntegrationTest.ADMIN_KEY;
    public static final String SERVICE_KEY = RegistryIntegrationTest.SERVICE_KEY;
    public static final String LEDGER_SERVICE_KEY = RegistryIntegrationTest.LEDGER_SERVICE_KEY;
    /** Well-formed, but never issued. */
    public static final String UNKNOWN_KEY = "crk_this-key-was-never-issued-by-any-registry";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RegistryIntegrationTest.Infrastructure.register(registry);
        // @SpringBootTest turns metrics export off by default; the scrape endpoint is part of what we test.
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        // Compaction of registry.personal-data within seconds, so a test can see erased text leave the topic.
        registry.add("registry.personal-data.segment-ms", () -> "200");
        registry.add("registry.personal-data.min-cleanable-dirty-ratio", () -> "0.01");
        registry.add("registry.personal-data.delete-retention-ms", () -> "200");
    }

    @LocalServerPort
    protected int port;
    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A fresh set of accounts, keys, a project and a batch of {@code issued} credits held by the developer. */
    protected RegistryScene newScene(long issued) {
        return RegistryScene.create(api, ADMIN_KEY, issued);
    }

    /** A key of {@code accountId} that worked once and has been revoked. */
    protected String revokedKey(String accountId) {
        Api.Response created = api.post("/api/accounts/" + accountId + "/api-keys", ADMIN_KEY,
                Map.of("role", "ACCOUNT_HOLDER"));
        Api.require(created, 201);
        Api.require(api.delete("/api/accounts/" + accountId + "/api-keys/" + created.body().get("keyId").asText(),
                ADMIN_KEY), 204);
        return created.body().get("key").asText();
    }

    /** The request, sent with no key, an unknown key and a revoked key, is refused with 401 each time. */
    protected void assertRefusedWithoutValidKey(Function<String, Api.Response> request, String revokedKey) {
        assertProblem(request.apply(null), 401, "API key");
        assertProblem(request.apply(UNKNOWN_KEY), 401, "unknown or revoked");
        assertProblem(request.apply(revokedKey), 401, "unknown or revoked");
    }

    /** The request is refused as a problem, and the batch (totals, status, every holder's serials) is unchanged. */
    protected Api.Response assertRefusedWithoutChange(RegistryScene scene, Supplier<Api.Response> request,
                                                      int status, String... detailFragments) {
        JsonNode before = scene.batchView();
        Api.Response response = assertProblem(request.get(), status, detailFragments);
        assertThat(scene.batchView()).as("batch after a refused request").isEqualTo(before);
        return response;
    }
}
