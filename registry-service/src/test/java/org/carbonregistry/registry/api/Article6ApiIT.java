package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;
import static org.carbonregistry.registry.testing.RegistryScene.body;

/**
 * {@code POST /api/batches/{id}/article6/authorization|corresponding-adjustment}, Article 6 at issuance, the first
 * international transfer on the batch view, and {@code GET /api/exports/units} (CAD Trust v2 units) page by page.
 */
class Article6ApiIT extends RunningRegistry {

    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private String authorization(RegistryScene scene) {
        return scene.batchPath() + "/article6/authorization";
    }

    private String adjustment(RegistryScene scene) {
        return scene.batchPath() + "/article6/corresponding-adjustment";
    }

    @Test
    void theHostPartysDecisionsAreRecordedByAnAdministratorOnly() {
        RegistryScene scene = newScene(100);
        assertThat(scene.batchView().path("article6").path("authorization").asText()).isEqualTo("NOT_AUTHORIZED");
        assertThat(scene.batchView().path("article6").path("correspondingAdjustment").asText()).isEqualTo("NONE");

        for (String key : new String[] {scene.developerKey(), scene.auditorKey()}) {
            assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), key,
                    body("authorization", "AUTHORIZED_NDC", "hostParty", "BR")), 403, "administrator");
            assertRefusedWithoutChange(scene, () -> api.post(adjustment(scene), key,
                    body("status", "APPLIED", "reference", "BR report")), 403, "administrator");
        }
        assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), null,
                body("authorization", "AUTHORIZED_NDC")), 401, "API key");
        assertProblem(api.post("/api/batches/no-such-batch/article6/authorization", ADMIN_KEY,
                body("authorization", "AUTHORIZED_NDC")), 404, "batch no-such-batch does not exist");
        assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), ADMIN_KEY,
                body("authorization", "AUTHORISED")), 400);
        assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), ADMIN_KEY,
                body("authorization", "AUTHORIZED_NDC", "hostParty", "Brazil")), 400, "hostParty must be an ISO 3166-1");
        assertRefusedWithoutChange(scene, () -> api.post(adjustment(scene), ADMIN_KEY,
                body("status", "APPLIED", "reference", "BR report")), 409, "NOT_AUTHORIZED");

        Api.Response authorised = api.post(authorization(scene), ADMIN_KEY, body("authorization", "AUTHORIZED_NDC",
                "authorizationId", "LoA-BR-0042", "reason", "letter of authorisation received"));
        assertThat(authorised.status()).isEqualTo(201);
        assertThat(authorised.body().path("article6").path("hostParty").asText()).as("the project's country")
                .isEqualTo("BR");
        assertThat(authorised.body().path("article6").path("correspondingAdjustment").asText()).isEqualTo("PENDING");
        JsonNode article6 = scene.batchView().path("article6");
        assertThat(article6.path("authorization").asText()).isEqualTo("AUTHORIZED_NDC");
        assertThat(article6.path("authorizationId").asText()).isEqualTo("LoA-BR-0042");
        assertThat(scene.batchView().path("correspondingAdjustment").asBoolean()).isTrue();
        assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), ADMIN_KEY, body("authorization",
                "AUTHORIZED_NDC", "authorizationId", "LoA-BR-0042")), 409, "already AUTHORIZED_NDC");

        Api.Response frozen = scene.freeze(ADMIN_KEY);
        assertThat(frozen.status()).isEqualTo(201);
        assertRefusedWithoutChange(scene, () -> api.post(adjustment(scene), ADMIN_KEY,
                body("status", "APPLIED", "reference", "BR report")), 409, "is frozen");
        assertThat(scene.unfreeze(ADMIN_KEY).status()).isEqualTo(201);

        Api.Response applied = api.post(adjustment(scene), ADMIN_KEY,
                body("status", "APPLIED", "reference", "BR initial report 2026"));
        assertThat(applied.status()).isEqualTo(201);
        assertThat(applied.body().path("article6").path("correspondingAdjustment").asText()).isEqualTo("APPLIED");
        assertThat(scene.batchView().path("article6").path("correspondingAdjustment").asText()).isEqualTo("APPLIED");
        assertRefusedWithoutChange(scene, () -> api.post(adjustment(scene), ADMIN_KEY,
                body("status", "PENDING", "reference", "undo")), 409, "APPLIED, which is final", "PENDING");
        assertRefusedWithoutChange(scene, () -> api.post(authorization(scene), ADMIN_KEY,
                body("authorization", "NOT_AUTHORIZED")), 409, "can no longer change");
    }

    @Test
    void article6IsSetAtIssuanceAndTheOldBooleanStillWorks() {
        RegistryScene scene = newScene(10);
        Api.Response issued = api.post("/api/batches", ADMIN_KEY, body("projectId", scene.project(),
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 50, "toAccount", scene.developer(),
                "article6", Map.of("authorization", "AUTHORIZED_OIMP", "authorizationId", "LoA-7", "hostParty", "BR")));
        assertThat(issued.status()).isEqualTo(201);
        JsonNode view = api.get("/api/batches/" + issued.body().path("batchId").asText(), null).body();
        assertThat(view.path("article6").path("authorization").asText()).isEqualTo("AUTHORIZED_OIMP");
        assertThat(view.path("article6").path("correspondingAdjustment").asText()).isEqualTo("PENDING");

        Api.Response legacy = api.post("/api/batches", ADMIN_KEY, body("projectId", scene.project(),
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 50, "toAccount", scene.developer(),
                "correspondingAdjustment", true));
        assertThat(legacy.status()).isEqualTo(201);
        JsonNode legacyView = api.get("/api/batches/" + legacy.body().path("batchId").asText(), null).body();
        assertThat(legacyView.path("correspondingAdjustment").asBoolean()).isTrue();
        assertThat(legacyView.path("article6").path("authorization").asText()).isEqualTo("AUTHORIZED_OIMP");
        assertThat(legacyView.path("article6").path("hostParty").asText()).isEqualTo("BR");
        assertThat(legacyView.path("article6").path("correspondingAdjustment").asText()).as("what the flag always meant")
                .isEqualTo("APPLIED");

        // the issuances as published from the event store: article6 only where the flag alone would not say it
        String withArticle6 = issued.body().path("batchId").asText();
        String flagged = legacy.body().path("batchId").asText();
        Map<String, JsonNode> issuances = new HashMap<>();
        RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of(withArticle6, flagged),
                        read -> read.size() >= 2, Duration.ofSeconds(60))
                .forEach(p -> issuances.put(p.aggregateId(), p.json().path("payload")));
        assertThat(issuances.get(withArticle6).at("/article6/authorizationId").asText()).isEqualTo("LoA-7");
        assertThat(issuances.get(withArticle6).path("correspondingAdjustment").asBoolean()).isTrue();
        assertThat(issuances.get(flagged).has("article6")).isFalse();
        assertThat(issuances.get(flagged).path("correspondingAdjustment").asBoolean()).isTrue();

        assertProblem(api.post("/api/batches", ADMIN_KEY, body("projectId", scene.project(),
                "vintageStart", "2023-01-01", "vintageEnd", "2023-12-31", "quantity", 50, "toAccount", scene.developer(),
                "article6", Map.of("authorization", "NOT_AUTHORIZED", "correspondingAdjustment", "PENDING"))),
                400, "contradicts authorization NOT_AUTHORIZED");
    }

    @Test
    void theFirstInternationalTransferOfAnAuthorisedBatchIsShownOnTheBatch() {
        RegistryScene scene = newScene(100);
        // before the authorisation, a move from BR to DE is not a first transfer in the Article 6 sense
        assertThat(scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 5).status()).isEqualTo(201);
        assertThat(scene.batchView().path("firstInternationalTransfer").isNull()).isTrue();
        assertThat(api.post(authorization(scene), ADMIN_KEY, body("authorization", "AUTHORIZED_OIMP")).status())
                .isEqualTo(201);

        Api.Response first = scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10);
        Api.Response second = scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 10);
        JsonNode marked = scene.batchView().path("firstInternationalTransfer");
        assertThat(marked.path("eventId").asText()).isEqualTo(first.body().path("eventId").asText());
        assertThat(marked.path("occurredAt").asText()).isNotBlank();

        // as published from the event store, signed: the flag on the first only, the authorisation as its own event
        String firstId = first.body().path("eventId").asText();
        String secondId = second.body().path("eventId").asText();
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of(scene.batch()),
                RegistryEventsTopic.containsAll(Set.of(firstId, secondId)), Duration.ofSeconds(60));
        Map<String, JsonNode> byId = new HashMap<>();
        published.forEach(p -> byId.put(p.eventId(), p.json()));
        assertThat(byId.get(firstId).at("/payload/firstInternationalTransfer").asBoolean()).isTrue();
        assertThat(byId.get(secondId).path("payload").has("firstInternationalTransfer")).isFalse();
        assertThat(published).filteredOn(p -> p.json().path("type").asText().equals("AuthorizationChanged"))
                .singleElement().satisfies(p -> {
                    assertThat(p.header("registry-signature")).isNotBlank();
                    assertThat(p.json().at("/payload/correspondingAdjustment").asText()).isEqualTo("PENDING");
                });
    }

    @Test
    void theUnitExportPagesThroughEveryUnitOnce() throws IOException {
        RegistryScene scene = newScene(100);
        long firstSerial = scene.issuance().at("/serialBlocks/0/first").asLong();
        scene.transfer(scene.developerKey(), scene.developer(), scene.corporate(), 30);
        scene.retire(scene.corporateKey(), scene.corporate(), 10);
        scene.cancel(scene.developerKey(), scene.developer(), 5);
        api.post(authorization(scene), ADMIN_KEY, body("authorization", "AUTHORIZED_NDC", "authorizationId", "LoA-9"));
        RegistryScene second = newScene(40);
        second.transfer(second.developerKey(), second.developer(), second.corporate(), 15);
        String from = "/api/exports/units?cursor=" + (firstSerial - 1);

        // everything from the cursor on in one page, as the reference
        Api.Response whole = api.get(from + "&limit=10000", scene.auditorKey());
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body().path("nextCursor").isNull()).isTrue();
        assertThat(whole.headers()).doesNotContainKey("link");
        List<JsonNode> reference = new ArrayList<>();
        whole.body().path("units").forEach(reference::add);
        assertThat(reference).hasSizeGreaterThanOrEqualTo(6);

        // the same, three at a time, following nextCursor
        List<JsonNode> paged = new ArrayList<>();
        String path = from + "&limit=3";
        int pages = 0;
        while (path != null) {
            Api.Response page = api.get(path, ADMIN_KEY);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body().path("units").size()).isLessThanOrEqualTo(3);
            page.body().path("units").forEach(paged::add);
            JsonNode next = page.body().path("nextCursor");
            assertThat(page.headers().containsKey("link")).isEqualTo(!next.isNull());
            path = next.isNull() ? null : "/api/exports/units?cursor=" + next.asText() + "&limit=3";
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(paged).isEqualTo(reference);
        assertThat(ids(paged)).doesNotHaveDuplicates();

        // the first batch's units: every serial once, in the CAD Trust fields
        List<JsonNode> mine = paged.stream().filter(u -> u.path("issuanceId").asText().equals(scene.batch())).toList();
        assertThat(mine.stream().mapToLong(u -> u.path("unitCount").asLong()).sum()).isEqualTo(100);
        long expectedStart = firstSerial;
        for (JsonNode unit : mine) {
            assertThat(unit.path("unitBlockStart").asLong()).isEqualTo(expectedStart);
            expectedStart = unit.path("unitBlockEnd").asLong() + 1;
            assertThat(unit.path("vintageYear").asInt()).isEqualTo(2023);
            assertThat(unit.path("unitType").asText()).isEqualTo("Removal - nature");
            assertThat(unit.path("correspondingAdjustmentDeclaration").asText()).isEqualTo("Committed");
            assertThat(unit.path("correspondingAdjustmentStatus").asText()).isEqualTo("Pending");
            assertThat(unit.path("unitRegistryLink").asText()).endsWith("/api/batches/" + scene.batch());
        }
        assertThat(mine.get(0).path("unitStatus").asText()).isEqualTo("Retired");
        assertThat(mine.get(0).path("unitCount").asLong()).isEqualTo(10);
        assertThat(mine.get(0).path("countryJurisdictionOfOwner").asText()).isEqualTo("Germany");
        assertThat(mine.get(1).path("unitStatus").asText()).isEqualTo("Held");
        assertThat(mine.get(1).path("unitOwner").asText()).startsWith("Corporate ");
        assertThat(mine.get(2).path("unitStatus").asText()).isEqualTo("Cancelled");
        assertThat(mine.get(2).path("unitOwner").isNull()).isTrue();
        assertThat(mine.get(3).path("unitStatus").asText()).isEqualTo("Held");
        assertThat(mine.get(3).path("countryJurisdictionOfOwner").asText()).isEqualTo("Brazil");
        List<JsonNode> others = paged.stream().filter(u -> u.path("issuanceId").asText().equals(second.batch())).toList();
        assertThat(others.get(0).path("correspondingAdjustmentDeclaration").asText()).isEqualTo("Not Required");
        assertThat(others.get(0).path("correspondingAdjustmentStatus").asText()).isEqualTo("Not Applicable");

        // CSV: the same units, the next page named in the Link header
        List<Map<String, String>> rows = new ArrayList<>();
        String csvPath = from + "&format=csv&limit=4";
        pages = 0;
        while (csvPath != null) {
            HttpResponse<String> page = api.getText(csvPath, scene.auditorKey());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
            List<Map<String, String>> pageRows = csvRows(page.body());
            assertThat(pageRows.size()).isBetween(1, 4);
            rows.addAll(pageRows);
            csvPath = page.headers().firstValue("link").map(link -> {
                Matcher next = NEXT.matcher(link);
                assertThat(next.find()).as(link).isTrue();
                return next.group(1).substring(next.group(1).indexOf("/api/"));
            }).orElse(null);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(rows).hasSize(reference.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode unit = reference.get(i);
            Map<String, String> row = rows.get(i);
            assertThat(row.keySet()).containsExactlyInAnyOrderElementsOf(fieldNames(unit));
            for (String field : row.keySet()) {
                String expected = unit.path(field).isNull() ? "" : unit.path(field).asText();
                assertThat(row.get(field)).as(field + " of " + unit.path("warehouseUnitId").asText()).isEqualTo(expected);
            }
        }
    }

    @Test
    void theUnitExportIsForAdministratorsAndAuditors() {
        RegistryScene scene = newScene(10);
        assertProblem(api.get("/api/exports/units", scene.developerKey()), 403, "administrators and auditors");
        assertProblem(api.get("/api/exports/units", null), 401, "API key");
        assertProblem(api.get("/api/exports/units?format=xml", ADMIN_KEY), 400, "format must be csv or json");
        assertProblem(api.get("/api/exports/units?cursor=abc", ADMIN_KEY), 400, "cursor");
        assertProblem(api.get("/api/exports/units?limit=0", ADMIN_KEY), 400, "limit must be between 1 and 10000");
    }

    private static List<String> ids(List<JsonNode> units) {
        return units.stream().map(u -> u.path("warehouseUnitId").asText()).toList();
    }

    private static Set<String> fieldNames(JsonNode unit) {
        Set<String> names = new HashSet<>();
        unit.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Map<String, String>> csvRows(String csv) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            while (it.hasNext()) {
                rows.add(new HashMap<>(it.next()));
            }
        }
        return rows;
    }
}
