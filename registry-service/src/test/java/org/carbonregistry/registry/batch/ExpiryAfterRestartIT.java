package org.carbonregistry.registry.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryInstances;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.TemporaryRemovals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * The expiry of a temporary removal is a deadline kept in the database, not in a running process: a batch is issued
 * to expire shortly, registry-service is stopped before that moment and started again as a new Spring context on the
 * same database, and the new one expires the batch (its {@code CreditsExpired} signed and published like every event).
 * Expiry dates are days, so the registry's clock is set to a little before a midnight (UTC) for this test.
 */
// slow: restarts a whole registry; the database work it relies on is on PostgreSQL in the API tests
@Tag("slow")
@ExtendWith(SharedKafka.Extension.class)
class ExpiryAfterRestartIT {

    private static final String ADMIN_KEY = RegistryInstances.ADMIN_KEY;
    /** How long before the expiry the batch is issued; enough to stop the first instance well before it. */
    private static final Duration LEAD = Duration.ofSeconds(40);
    /** How long before the expiry the restarted instance's clock is set once it runs. */
    private static final Duration SHORTLY = Duration.ofSeconds(2);
    private static final Map<String, Object> SETTINGS = Map.of("registry.expiry.poll-interval", "1s",
            "registry.reconciliation.enabled", "false");

    private static RegistryInstances instances;

    @BeforeAll
    static void create() throws Exception {
        instances = RegistryInstances.create();
    }

    @AfterAll
    static void close() throws Exception {
        instances.close();
    }

    @Test
    void aBatchExpiresAfterARestartThatCameBeforeItsExpiry() {
        ConfigurableApplicationContext first = instances.start(SETTINGS, ShiftedClock.class);
        Api api = new Api(RegistryInstances.port(first));
        String developer = api.openAccount(ADMIN_KEY, "Soil developer", "PROJECT_DEVELOPER", "DE");
        String corporate = api.openAccount(ADMIN_KEY, "Soil buyer", "CORPORATE", "DE");
        String project = TemporaryRemovals.registerProject(api, ADMIN_KEY, developer);

        // The registry's clock now stands LEAD before the next midnight, the day the batch expires.
        Instant realNow = Instant.now();
        LocalDate expiresOn = LocalDate.ofInstant(realNow, ZoneOffset.UTC).plusDays(2);
        Instant expiry = expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        ShiftedClock.shift = Duration.between(realNow, expiry).minus(LEAD);
        Instant deadline = expiry.minus(ShiftedClock.shift); // the expiry, in real time

        Api.Response issued = api.post("/api/batches", ADMIN_KEY,
                TemporaryRemovals.issuance(project, 500, developer, expiresOn));
        Api.require(issued, 201);
        String batchId = issued.body().get("batchId").asText();
        RegistryScene scene = new RegistryScene(api, ADMIN_KEY, developer, null, corporate, null, null, null, project,
                batchId, issued.body());
        Api.require(api.post(scene.batchPath() + "/transfers", ADMIN_KEY,
                body("from", developer, "to", corporate, "quantity", 200)), 201);
        Api.require(api.post(scene.batchPath() + "/retirements", ADMIN_KEY, RegistryScene.retirement(corporate, 50)), 201);
        JsonNode before = scene.batchView();
        assertThat(before.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(before.path("benefitType").asText()).isEqualTo("TEMPORARY_REMOVAL");
        assertThat(before.path("expiresOn").asText()).isEqualTo(expiresOn.toString());

        first.close();
        assertThat(Instant.now()).as("the first instance stopped before the expiry").isBefore(deadline);

        ConfigurableApplicationContext second = instances.start(SETTINGS, ShiftedClock.class);
        Api restarted = new Api(RegistryInstances.port(second));
        RegistryScene after = new RegistryScene(restarted, ADMIN_KEY, developer, null, corporate, null, null, null,
                project, batchId, issued.body());
        // The new instance runs, the expiry still ahead: its clock moves on to SHORTLY before it (as if it had
        // waited), so that the test need not wait out the rest of LEAD.
        Duration closer = Duration.between(Instant.now().plus(ShiftedClock.shift), expiry).minus(SHORTLY);
        if (closer.compareTo(Duration.ZERO) > 0) {
            ShiftedClock.shift = ShiftedClock.shift.plus(closer);
            deadline = expiry.minus(ShiftedClock.shift);
        }
        await().atMost(LEAD.plus(Duration.ofSeconds(120))).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(after.batchView().path("status").asText()).isEqualTo("EXPIRED"));
        assertThat(Instant.now()).as("expired at its time, not before").isAfter(deadline);

        JsonNode expired = after.batchView();
        assertThat(expired.path("issued").asLong()).isEqualTo(500);
        assertThat(expired.path("retired").asLong()).isEqualTo(50);
        assertThat(expired.path("expired").asLong()).isEqualTo(450);
        assertThat(expired.path("held").asLong()).isZero();
        Map<String, Long> expiredByHolder = new HashMap<>();
        expired.path("holders").forEach(h -> expiredByHolder.put(h.path("accountId").asText(), h.path("expired").asLong()));
        assertThat(expiredByHolder).isEqualTo(Map.of(corporate, 150L, developer, 300L));
        JsonNode holdings = restarted.get("/api/accounts/" + corporate + "/holdings", ADMIN_KEY).body();
        assertThat(holdings.get(0).path("quantity").asLong()).isZero();
        assertThat(holdings.get(0).path("expired").asLong()).isEqualTo(150);

        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), instances.topic(),
                Set.of(batchId), read -> read.stream().anyMatch(p -> "CreditsExpired".equals(p.json().path("type").asText())),
                Duration.ofSeconds(120));
        Published expiry1 = published.stream().filter(p -> "CreditsExpired".equals(p.json().path("type").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no CreditsExpired published: " + published));
        assertThat(published).filteredOn(p -> "CreditsExpired".equals(p.json().path("type").asText())).hasSize(1);
        assertThat(expiry1.header("registry-signature")).as("signed like every event").isNotBlank();
        JsonNode payload = expiry1.json().path("payload");
        assertThat(payload.path("quantity").asLong()).isEqualTo(450);
        assertThat(payload.path("expiresOn").asText()).isEqualTo(expiresOn.toString());
        assertThat(payload.path("expired").findValuesAsText("account")).containsExactlyInAnyOrder(corporate, developer);
        assertThat(expiry1.json().path("actor").asText()).isEqualTo("registry");

        // Expired credits no longer move.
        assertProblem(restarted.post(after.batchPath() + "/transfers", ADMIN_KEY,
                body("from", developer, "to", corporate, "quantity", 1)), 409, "expired on " + expiresOn);
        assertProblem(restarted.post(after.batchPath() + "/retirements", ADMIN_KEY,
                RegistryScene.retirement(corporate, 1)), 409, "expired credits can no longer be transferred, retired or cancelled");
        assertProblem(restarted.post(after.batchPath() + "/cancellations", ADMIN_KEY,
                body("account", developer, "quantity", 1, "reason", "reversal")), 409, "expired");
        assertThat(after.batchView()).isEqualTo(expired);
        second.close();
    }

    /** The registry was down when the expiry came: it expires the batch as it starts. */
    @Test
    void aBatchWhoseExpiryPassedWhileTheRegistryWasDownExpiresAtStart() {
        ConfigurableApplicationContext first = instances.start(SETTINGS, ShiftedClock.class);
        Api api = new Api(RegistryInstances.port(first));
        String developer = api.openAccount(ADMIN_KEY, "Soil developer", "PROJECT_DEVELOPER", "DE");
        String project = TemporaryRemovals.registerProject(api, ADMIN_KEY, developer);
        Instant realNow = Instant.now();
        LocalDate expiresOn = LocalDate.ofInstant(realNow, ZoneOffset.UTC).plusDays(2);
        Instant expiry = expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        ShiftedClock.shift = Duration.between(realNow, expiry).minus(LEAD);
        Api.Response issued = api.post("/api/batches", ADMIN_KEY,
                TemporaryRemovals.issuance(project, 80, developer, expiresOn));
        Api.require(issued, 201);
        String batchId = issued.body().get("batchId").asText();
        first.close();

        // While it is down, its expiry date comes (the clock moves on by a day).
        ShiftedClock.shift = ShiftedClock.shift.plusDays(1);
        ConfigurableApplicationContext second = instances.start(SETTINGS, ShiftedClock.class);
        Api restarted = new Api(RegistryInstances.port(second));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(restarted.get("/api/batches/" + batchId, null).body().path("status").asText())
                        .isEqualTo("EXPIRED"));
        JsonNode expired = restarted.get("/api/batches/" + batchId, null).body();
        assertThat(expired.path("expired").asLong()).isEqualTo(80);
        assertThat(Instant.parse(expired.path("expiredAt").asText())).isAfter(expiry);
        second.close();
    }

    /** The registry's clock, moved on by {@link #shift} (a static: both instances keep the same time). */
    @Configuration
    static class ShiftedClock {
        static volatile Duration shift = Duration.ZERO;

        @Bean
        @Primary
        Clock shiftedClock() {
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Instant instant() {
                    return Instant.now().plus(shift);
                }
            };
        }
    }
}
