package org.carbonregistry.registry.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.kafka.local.SharedKafka;
import org.carbonregistry.registry.testing.Api;
import org.carbonregistry.registry.testing.ExportFiles;
import org.carbonregistry.registry.testing.ExportFiles.Expected;
import org.carbonregistry.registry.testing.ExportFiles.Export;
import org.carbonregistry.registry.testing.RegistryEventsTopic;
import org.carbonregistry.registry.testing.RegistryEventsTopic.Published;
import org.carbonregistry.registry.testing.RegistryScene;
import org.carbonregistry.registry.testing.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carbonregistry.registry.testing.ProblemAssertions.assertProblem;

/** {@code POST /api/imports}: programme exports become batches, once, and never the same credits twice. */
class ImportsApiIT extends RunningRegistry {

    /** Serial numbers no other test (or earlier run on the same database) imported. */
    private static long freshBase() {
        return ThreadLocalRandom.current().nextLong(1_000_000L, 900_000_000_000L);
    }

    private Api.Response importCsv(String source, String csv) {
        return api.postRaw("/api/imports?source=" + source, ADMIN_KEY, "text/csv", csv, Duration.ofMinutes(5));
    }

    @Test
    void aVerraExportBecomesBatchesWithItsSerialsAndStatusesAndTheSameFileAgainChangesNothing() {
        Export export = ExportFiles.verra(260, freshBase(), 7);
        assertThat(export.rows()).hasSizeGreaterThan(260)
                .anyMatch(r -> r.status().equals("retired")).anyMatch(r -> r.status().equals("cancelled"));

        Api.Response first = importCsv("verra", export.csv());

        Api.require(first, 201);
        assertThat(first.body().path("rowsRefused")).as("refused rows").isEmpty();
        assertThat(first.body().path("batchesCreated").asLong()).isEqualTo(export.rows().size());
        assertThat(first.body().path("rowsRead").asLong()).isEqualTo(export.rows().size());
        assertEveryRowIsItsBatch(export, first.body(), "VCS");

        // signed and on the log like every issuance, with the programme's serials
        JsonNode created = first.body().path("batches").get(1);
        String batchId = created.path("batchId").asText();
        List<Published> published = RegistryEventsTopic.read(SharedKafka.bootstrapServers(), Set.of(batchId),
                read -> !read.isEmpty(), Duration.ofSeconds(60));
        assertThat(published).isNotEmpty();
        assertThat(published.get(0).json().path("type").asText()).isEqualTo("CreditsIssued");
        assertThat(published.get(0).json().at("/payload/externalSerials").asText())
                .isEqualTo(created.path("externalSerials").asText());
        assertThat(published.get(0).header("registry-signature")).isNotBlank();

        JsonNode projectBatches = api.get("/api/batches?projectId=" + projectOf(batchId), null).body();
        Api.Response again = importCsv("verra", export.csv());

        Api.require(again, 201);
        assertThat(again.body().path("batchesCreated").asLong()).isZero();
        assertThat(again.body().path("rowsUnchanged").asLong()).isEqualTo(export.rows().size());
        assertThat(again.body().path("rowsRefused")).isEmpty();
        assertThat(api.get("/api/batches?projectId=" + projectOf(batchId), null).body())
                .as("the project's batches after importing the same file again").isEqualTo(projectBatches);
    }

    @Test
    void aGoldStandardExportBecomesBatchesWithItsSerialsAndStatuses() {
        Export export = ExportFiles.goldStandard(150, freshBase(), 11);

        Api.Response imported = importCsv("gold-standard", export.csv());

        Api.require(imported, 201);
        assertThat(imported.body().path("rowsRefused")).isEmpty();
        assertThat(imported.body().path("batchesCreated").asLong()).isEqualTo(export.rows().size());
        assertEveryRowIsItsBatch(export, imported.body(), "GS");

        Api.Response again = importCsv("gold-standard", export.csv());
        assertThat(again.body().path("batchesCreated").asLong()).isZero();
        assertThat(again.body().path("rowsUnchanged").asLong()).isEqualTo(export.rows().size());
    }

    @Test
    void aRangeOverlappingOneImportedBeforeIsRefusedNamingTheBatchAndTheRestIsImported() {
        long base = freshBase();
        Export earlier = ExportFiles.verra(3, base, 1);
        Api.Response first = importCsv("verra", earlier.csv());
        Api.require(first, 201);
        Expected taken = earlier.rows().get(1);
        String takenBatch = first.body().path("batches").get(1).path("batchId").asText();

        // the same VCUs shifted by one, under another issuance, next to a block nobody imported yet
        String[] parts = taken.serials().split("-");
        long from = Long.parseLong(parts[1]) + 1;
        long to = Long.parseLong(parts[2]) + 1;
        String overlapping = "99999-" + from + "-" + to + "-" + String.join("-", List.of(parts).subList(3, 13));
        String row = earlier.csv().lines().skip(2).findFirst().orElseThrow().replace(taken.serials(), overlapping);
        Export fresh = ExportFiles.verra(1, base + 500_000_000L, 2);
        String csv = ExportFiles.VERRA_HEADER + "\n" + row + "\n" + fresh.csv().lines().skip(1).findFirst().orElseThrow();

        Api.Response second = importCsv("verra", csv);

        Api.require(second, 201);
        assertThat(second.body().path("batchesCreated").asLong()).isEqualTo(1);
        JsonNode refused = second.body().path("rowsRefused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).path("row").asLong()).isEqualTo(2);
        assertThat(refused.get(0).path("reason").asText()).contains(overlapping, "overlaps", taken.serials(),
                "batch " + takenBatch);
        assertThat(second.body().path("batches").get(0).path("row").asLong()).isEqualTo(3);
        assertThat(api.get("/api/batches/" + takenBatch, null).body().path("issued").asLong())
                .isEqualTo(taken.quantity());
    }

    @Test
    void aMalformedRowIsRefusedWithItsRowNumberAndTheRestIsImported() {
        Export export = ExportFiles.verra(6, freshBase(), 3);
        List<String> lines = export.csv().lines().toList();
        assertThat(lines).hasSize(8); // header, 6 blocks, one of them split in two
        String badQuantity = lines.get(2).replace("\"" + String.format("%,d", export.rows().get(1).quantity()) + "\"",
                "lots");
        String unknownCountry = lines.get(4).replaceFirst(",(Brazil|Viet Nam|Ethiopia|Côte d'Ivoire|\"Congo, The "
                + "Democratic Republic of the\"),", ",Atlantis,");
        String shortRow = "2020-01-01,,2019-01-01";
        String csv = String.join("\n", lines.get(0), lines.get(1), badQuantity, lines.get(3), unknownCountry,
                shortRow, lines.get(5), lines.get(6), lines.get(7)) + "\n";

        Api.Response imported = importCsv("verra", csv);

        Api.require(imported, 201);
        Map<Long, String> refused = new HashMap<>();
        imported.body().path("rowsRefused").forEach(r -> refused.put(r.path("row").asLong(), r.path("reason").asText()));
        assertThat(refused).containsOnlyKeys(3L, 5L, 6L);
        assertThat(refused.get(3L)).contains("'Quantity Issued'", "lots");
        assertThat(refused.get(5L)).contains("country 'Atlantis'");
        assertThat(refused.get(6L)).contains("3 fields", "the header 17");
        assertThat(imported.body().path("batchesCreated").asLong()).isEqualTo(5);
        assertThat(imported.body().path("batches").findValuesAsText("row")).containsExactly("2", "4", "7", "8", "9");
    }

    @Test
    void onlyAnAdministratorImportsAndAFileWithoutTheExportsColumnsChangesNothing() {
        RegistryScene scene = newScene(5);
        Export export = ExportFiles.verra(2, freshBase(), 5);
        assertRefusedWithoutValidKey(key -> api.postRaw("/api/imports?source=verra", key, "text/csv", export.csv()),
                revokedKey(scene.developer()));
        assertProblem(api.postRaw("/api/imports?source=verra", scene.developerKey(), "text/csv", export.csv()), 403,
                "import credits");
        assertProblem(importCsv("acr", export.csv()), 400, "source must be one of verra, gold-standard");
        assertProblem(importCsv("gold-standard", export.csv()), 400, "the header lacks", "GSID");
        assertProblem(importCsv("verra", ""), 400, "the file is empty");
        assertThat(api.postRaw("/api/imports?source=verra", ADMIN_KEY, "application/json", "{}").status())
                .isEqualTo(415);

        // nothing of it was imported by the refused requests
        Api.Response imported = importCsv("verra", export.csv());
        assertThat(imported.body().path("batchesCreated").asLong()).isEqualTo(export.rows().size());
    }

    private void assertEveryRowIsItsBatch(Export export, JsonNode report, String standard) {
        JsonNode batches = report.path("batches");
        assertThat(batches).hasSize(export.rows().size());
        for (int i = 0; i < batches.size(); i++) {
            Expected expected = export.rows().get(i);
            JsonNode created = batches.get(i);
            assertThat(created.path("row").asLong()).isEqualTo(i + 2);
            assertThat(created.path("externalSerials").asText()).isEqualTo(expected.serials());
            JsonNode batch = api.get("/api/batches/" + created.path("batchId").asText(), ADMIN_KEY).body();
            String row = "row " + (i + 2) + " " + expected.serials();
            assertThat(batch.path("externalSerials").asText()).as(row).isEqualTo(expected.serials());
            assertThat(batch.path("issued").asLong()).as(row).isEqualTo(expected.quantity());
            assertThat(batch.path("standard").asText()).as(row).isEqualTo(standard);
            assertThat(batch.path("projectCountry").asText()).as(row).isEqualTo(expected.country());
            assertThat(batch.path("retired").asLong()).as(row)
                    .isEqualTo(expected.status().equals("retired") ? expected.quantity() : 0);
            assertThat(batch.path("cancelled").asLong()).as(row)
                    .isEqualTo(expected.status().equals("cancelled") ? expected.quantity() : 0);
            assertThat(batch.path("held").asLong()).as(row)
                    .isEqualTo(expected.status().equals("issued") ? expected.quantity() : 0);
        }
        // one project per programme project id, registered from the export's own data
        Map<String, String> projects = new HashMap<>();
        for (int i = 0; i < batches.size(); i++) {
            String projectId = projectOf(batches.get(i).path("batchId").asText());
            String previous = projects.put(export.rows().get(i).projectId(), projectId);
            assertThat(previous == null || previous.equals(projectId)).as("one project for " + export.rows().get(i).projectId()).isTrue();
        }
        for (var entry : projects.entrySet()) {
            JsonNode project = api.get("/api/projects/" + entry.getValue(), null).body();
            assertThat(project.path("name").asText()).endsWith(entry.getKey().replace("GS", ""));
            assertThat(project.path("standard").asText()).isEqualTo(standard);
        }
    }

    private String projectOf(String batchId) {
        return api.get("/api/batches/" + batchId, null).body().path("projectId").asText();
    }
}
