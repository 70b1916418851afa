package org.carbonregistry.registry.api;

import org.carbonregistry.events.Commitment;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.Racers;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/** Retirement plans and claims over HTTP: the account's rules as a caller meets them. */
class ClaimsAndPlansApiIT extends RunningRegistry {

    private static final int RACERS = 8;

    private String retire(RegistryScene scene, String key, String account, long quantity) {
        Api.Response retired = scene.retire(key, account, quantity);
        Api.require(retired, 201);
        return retired.body().get("retirementId").asText();
    }

    private Api.Response claim(RegistryScene scene, String key, String account, String... retirementIds) {
        return api.post("/api/accounts/" + account + "/claims", key, body("type", "COMPENSATION",
                "periodStart", "2024-01-01", "periodEnd", "2024-12-31",
                "statement", "Our 2024 business travel is compensated", "retirementIds", List.of(retirementIds)));
    }

    @Test
    void aSecondClaimOnTheSameRetirementIsRefusedAndChangesNothing() {
        RegistryScene scene = newScene(100);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 60), 201);
        String first = retire(scene, scene.corporateKey(), scene.corporate(), 30);
        String second = retire(scene, scene.corporateKey(), scene.corporate(), 20);

        Api.Response claimed = claim(scene, scene.corporateKey(), scene.corporate(), first);
        Api.require(claimed, 201);
        String claimId = claimed.body().get("claimId").asText();
        assertThat(claimed.body().get("tonnes").asLong()).isEqualTo(30);

        assertProblem(claim(scene, scene.corporateKey(), scene.corporate(), second, first), 422,
                "retirement " + first + " already backs claim " + claimId);

        // the refused claim bound nothing: the other retirement is still free, and the log has only accepted claims
        Api.Response later = claim(scene, scene.corporateKey(), scene.corporate(), second);
        Api.require(later, 201);
        assertThat(later.body().get("tonnes").asLong()).isEqualTo(20);
        Set<String> accepted = Set.of(claimed.body().get("eventId").asText(), later.body().get("eventId").asText());
        List<RegistryEventsTopic.Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(),
                Set.of(scene.corporate()), RegistryEventsTopic.containsAll(accepted), Duration.ofSeconds(60));
        assertThat(published).filteredOn(p -> "ClaimMade".equals(p.json().path("type").asText()))
                .extracting(RegistryEventsTopic.Published::eventId).containsExactlyInAnyOrderElementsOf(accepted);
        // the account's events are one gap-free, signed stream: AccountOpened, then the two claims
        assertThat(published).extracting(p -> p.json().path("sequence").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(published).allSatisfy(p -> assertThat(p.header("registry-signature")).isNotBlank());

        // the statement is off the log; the account reads it with the salt that opens the event's commitment
        Api.Response statement = api.get("/api/accounts/" + scene.corporate() + "/claims/" + claimId + "/statement",
                scene.corporateKey());
        Api.require(statement, 200);
        assertThat(statement.body().get("text").asText()).isEqualTo("Our 2024 business travel is compensated");
        String commitment = published.stream().filter(p -> claimId.equals(p.json().at("/payload/claimId").asText()))
                .findFirst().orElseThrow().json().at("/payload/statementCommitment").asText();
        assertThat(Commitment.opens(commitment, statement.body().get("text").asText(),
                statement.body().get("salt").asText())).isTrue();
        assertThat(published).allSatisfy(p -> assertThat(new String(p.value(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("business travel"));
        assertProblem(api.get("/api/accounts/" + scene.corporate() + "/claims/" + claimId + "/statement",
                scene.developerKey()), 403);
        assertProblem(api.get("/api/accounts/" + scene.developer() + "/claims/" + claimId + "/statement",
                ADMIN_KEY), 404);
    }

    @Test
    void concurrentClaimsOnOneRetirementExactlyOneWins() throws Exception {
        RegistryScene scene = newScene(10);
        Api.require(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10), 201);
        String retirement = retire(scene, scene.corporateKey(), scene.corporate(), 10);

        List<Api.Response> outcomes = Racers.race(RACERS, racer -> claim(scene, scene.corporateKey(), scene.corporate(), retirement));

        List<Api.Response> won = outcomes.stream().filter(r -> r.status() == 201).toList();
        assertThat(won).hasSize(1);
        String winner = won.get(0).body().get("claimId").asText();
        assertThat(outcomes).filteredOn(r -> r.status() != 201).hasSize(RACERS - 1)
                .allSatisfy(r -> assertProblem(r, 422, "already backs claim " + winner));
    }

    @Test
    void aClaimUsesOnlyItsOwnAccountsExistingRetirements() {
        RegistryScene scene = newScene(100);
        String developers = retire(scene, scene.developerKey(), scene.developer(), 5);

        assertProblem(claim(scene, scene.corporateKey(), scene.corporate(), developers), 422,
                "retirement " + developers + " was made by another account");
        assertProblem(claim(scene, scene.corporateKey(), scene.corporate(), "no-such-retirement"), 422,
                "retirement no-such-retirement does not exist");
        assertProblem(claim(scene, scene.corporateKey(), scene.developer(), developers), 403, "may not");
        assertProblem(claim(scene, scene.auditorKey(), scene.developer(), developers), 403, "may not");
        assertProblem(claim(scene, ADMIN_KEY, "no-such-account", developers), 404, "account no-such-account does not exist");
        Api.Response badType = api.post("/api/accounts/" + scene.developer() + "/claims", scene.developerKey(),
                body("type", "GREENEST", "periodStart", "2024-01-01", "periodEnd", "2024-12-31",
                        "statement", "s", "retirementIds", List.of(developers)));
        assertProblem(badType, 400);
        Api.Response noPeriod = api.post("/api/accounts/" + scene.developer() + "/claims", scene.developerKey(),
                body("type", "OTHER", "statement", "s", "retirementIds", List.of(developers)));
        assertProblem(noPeriod, 400);
        // none of the refusals used the retirement
        Api.Response own = claim(scene, scene.developerKey(), scene.developer(), developers);
        Api.require(own, 201);
        assertThat(own.body().get("tonnes").asLong()).isEqualTo(5);
    }

    @Test
    void anAccountHolderPlansAndWithdrawsARetirement() {
        RegistryScene scene = newScene(1);
        String plans = "/api/accounts/" + scene.corporate() + "/retirement-plans";
        Map<String, Object> plan = body("quantity", 400, "plannedYear", 2030, "basedOnExistingContracts", true,
                "note", "offtake agreement with the developer");

        Api.Response planned = api.post(plans, scene.corporateKey(), plan);
        Api.require(planned, 201);
        String planId = planned.body().get("planId").asText();
        Api.Response note = api.get(plans + "/" + planId + "/note", scene.corporateKey());
        Api.require(note, 200);
        assertThat(note.body().get("text").asText()).isEqualTo("offtake agreement with the developer");

        assertProblem(api.post(plans, scene.developerKey(), plan), 403, "may not");
        assertProblem(api.post(plans, scene.corporateKey(), body("quantity", 400, "plannedYear", 2030)), 400);
        assertProblem(api.post(plans, scene.corporateKey(),
                body("quantity", 400, "plannedYear", 1999, "basedOnExistingContracts", false)), 400, "plannedYear must be from");
        assertProblem(api.post(plans, scene.corporateKey(),
                body("quantity", 0, "plannedYear", 2030, "basedOnExistingContracts", false)), 400, "quantity");
        assertProblem(api.delete(plans + "/" + planId, scene.developerKey()), 403, "may not");

        Api.require(api.delete(plans + "/" + planId, scene.corporateKey()), 204);
        assertProblem(api.delete(plans + "/" + planId, scene.corporateKey()), 409, "withdrawn already");
        assertProblem(api.delete(plans + "/no-such-plan", scene.corporateKey()), 404, "has no retirement plan no-such-plan");
    }
}
