package org.carbonregistry.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.carbonregistry.events.Commitment;
import org.carbonregistry.events.EventEnvelope;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.system.stack.Api;
import org.carbonregistry.system.stack.RegistryStack;
import org.carbonregistry.system.stack.SharedStack;
import org.carbonregistry.system.stack.TopicRecords;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * GDPR Art. 17 end to end, with the real broker and the three services as processes: a beneficiary's name is in
 * the certificate and the report and can be proven against the log with the certificate's salt; after erasure it is
 * in no API answer, report format, topic (once compaction has run), database row or log file, and every proof still
 * verifies. The name and purpose are this test's own, so the other tests' data on the shared stack (whose
 * personal-data topic is compacted within seconds) changes nothing; it stops the services to read their databases,
 * so it runs after the others on that stack.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(SharedStack.class)
@Order(SharedStack.LAST)
class PersonalDataErasureIT {

    static final Pattern BASE64_SALT = Pattern.compile("[A-Za-z0-9+/]{43}=");

    final String beneficiary = "Ærøskøbing Wind Trust " + UUID.randomUUID().toString().substring(0, 8);
    final String purpose = "Scope 3 claim of " + UUID.randomUUID().toString().substring(0, 8);
    final Api api = new Api();
    RegistryStack stack;
    LedgerView ledger;
    Path ledgerKey;

    @BeforeAll
    void startTheRegistry(SharedStack.Handle shared) throws Exception {
        stack = shared.stack();
        ledger = new LedgerView(api, stack.ledger().url());
        ledgerKey = stack.folder().resolve("ledger.vkey");
        Files.writeString(ledgerKey, api.getOrFail(stack.ledger().url() + "/api/public-key", null).requireOk("key").body().strip());
    }

    @Test
    void erasedPersonalDataLeavesEveryServiceTopicAndDatabaseWhileTheProofStillVerifies() throws Exception {
        String registry = stack.registry().url();
        String reporting = stack.reporting().url();
        String admin = RegistryStack.ADMIN_KEY;

        String developer = post(registry + "/api/accounts", Map.of("name", "Fjord Carbon AS", "type", "PROJECT_DEVELOPER",
                "jurisdiction", "NO")).get("accountId").asText();
        String buyer = post(registry + "/api/accounts", Map.of("name", "ACME GmbH", "type", "CORPORATE",
                "jurisdiction", "DE")).get("accountId").asText();
        String project = post(registry + "/api/projects", Map.of("name", "Fjord kelp", "standard", "PURO",
                "methodology", "PURO-BIO", "country", "NO", "category", "REMOVAL", "removalSink", "BIOGENIC",
                "type", "BLUE_CARBON", "developerAccountId", developer)).get("projectId").asText();
        String batch = post(registry + "/api/batches", Map.of("projectId", project, "vintageStart", "2025-01-01",
                "vintageEnd", "2025-12-31", "quantity", 100, "toAccount", buyer, "labels", List.of(),
                "correspondingAdjustment", false)).get("batchId").asText();
        JsonNode retired = post(registry + "/api/batches/" + batch + "/retirements", Map.of("account", buyer,
                "quantity", 40, "beneficiary", beneficiary, "purpose", purpose, "reportingYear", 2025));
        String retirementId = retired.get("retirementId").asText();
        String eventId = retired.get("eventId").asText();

        ledger.awaitSealed(List.of(eventId), Duration.ofSeconds(60));
        String certificateUrl = reporting + "/api/retirements/" + retirementId + "/certificate.pdf";
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> pdfText(api.get(certificateUrl, null)).map(text -> text.contains(beneficiary)).orElse(false));

        // Before: the holder proves the name with the certificate's salt, against the log alone.
        Path proof = stack.folder().resolve("proof.json");
        Files.write(proof, api.getOrFail(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId, null)
                .requireOk("proof").bytes());
        EventEnvelope envelope = EventEnvelope.fromCanonicalBytes(Base64.getDecoder().decode(
                api.getOrFail(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId, null).json()
                        .get("envelope").asText()));
        assertThat(new String(envelope.canonicalBytes(), StandardCharsets.UTF_8)).doesNotContain(beneficiary, purpose);
        String commitment = envelope.payload().get("beneficiaryCommitment").asText();
        String certificate = pdfText(api.getOrFail(certificateUrl, null)).orElseThrow();
        assertThat(certificate).contains(beneficiary, purpose, commitment);
        String salt = saltOpening(certificate, commitment, beneficiary);
        String registryKey = api.getOrFail(registry + "/api/registry-key", null).requireOk("registry key").body().strip();
        assertThat(verify("--proof", proof.toString(), "--registry-key", registryKey,
                "--beneficiary", beneficiary, "--salt", salt)).as("verify with the certificate's text and salt").isZero();
        assertThat(verify("--proof", proof.toString(), "--beneficiary", beneficiary + " Ltd", "--salt", salt))
                .as("verify with another text").isNotZero();
        String esrsJson = reporting + "/api/reports/esrs-e1-7?account=" + buyer + "&year=2025&format=json";
        assertThat(api.getOrFail(esrsJson, admin).requireOk("report").body()).contains(beneficiary);

        // Erasure.
        Api.Response erasure = api.post(registry + "/api/retirements/" + retirementId + "/erasure", admin, Map.of(), null);
        assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
        assertThat(erasure.json().get("retirementId").asText()).isEqualTo(retirementId);
        assertThat(erasure.json().get("erasedAt").asText()).isNotBlank();

        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500))
                .until(() -> pdfText(api.get(certificateUrl, null)).map(text -> !text.contains(beneficiary)).orElse(false));
        JsonNode report = api.getOrFail(esrsJson, admin).requireOk("report").json();
        JsonNode row = report.get("retirements").get(0);
        assertThat(row.get("beneficiary").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("erased").asBoolean()).as(row.toString()).isTrue();

        // After: no answer of any service carries the text.
        List<String> answers = new ArrayList<>();
        for (String url : List.of(
                registry + "/api/batches/" + batch + "/retirements",
                registry + "/api/batches/" + batch + "/retirements/" + retirementId,
                registry + "/api/batches/" + batch,
                reporting + "/api/retirements?account=" + buyer,
                esrsJson,
                reporting + "/api/reports/esrs-e1-7?account=" + buyer + "&year=2025&format=csv",
                stack.ledger().url() + "/api/leaves?start=0",
                stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId)) {
            answers.add(url + " -> " + api.getOrFail(url, admin).body());
        }
        answers.add("certificate -> " + pdfText(api.getOrFail(certificateUrl, null)).orElseThrow());
        answers.add("ESRS PDF -> " + pdfText(api.getOrFail(
                reporting + "/api/reports/esrs-e1-7?account=" + buyer + "&year=2025&format=pdf", admin)).orElseThrow());
        assertThat(answers).allSatisfy(answer -> assertThat(answer).doesNotContain(beneficiary, purpose));

        // The proof still verifies: the log never held the text, only the commitment.
        Files.write(proof, api.getOrFail(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + eventId, null)
                .requireOk("proof").bytes());
        assertThat(verify("--proof", proof.toString(), "--registry-key", registryKey)).isZero();

        // Topics: never on registry.events; gone from registry.personal-data once compaction has run.
        assertThat(TopicRecords.readRaw(stack.broker().bootstrapServers(), RegistryStack.TOPIC))
                .allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(beneficiary));
        int personalDataPartition = TopicRecords.readRaw(stack.broker().bootstrapServers(), RetirementPersonalData.TOPIC)
                .stream().filter(record -> retirementId.equals(record.key())).findFirst().orElseThrow().partition();
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            TopicRecords.appendFiller(stack.broker().bootstrapServers(), RetirementPersonalData.TOPIC, personalDataPartition);
            assertThat(TopicRecords.readRaw(stack.broker().bootstrapServers(), RetirementPersonalData.TOPIC))
                    .filteredOn(record -> record.value() != null)
                    .allSatisfy(record -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
                            .doesNotContain(beneficiary, purpose));
        });

        // Databases and log files, read after the services have stopped.
        stack.stopServices();
        for (String service : List.of("REGISTRY", "LEDGER", "REPORTING")) {
            assertThat(rowsContaining(stack.databaseEnvironment(), service, beneficiary)).as(service + " rows").isEmpty();
            assertThat(rowsContaining(stack.databaseEnvironment(), service, purpose)).as(service + " rows").isEmpty();
        }
        for (var service : List.of(stack.registry(), stack.ledger(), stack.reporting())) {
            assertThat(Files.readString(service.log())).as(service.name() + " log").doesNotContain(beneficiary, purpose);
        }
    }

    private JsonNode post(String url, Object body) throws IOException, InterruptedException {
        return api.post(url, RegistryStack.ADMIN_KEY, body, UUID.randomUUID().toString()).requireOk("POST " + url).json();
    }

    /** The salt printed on the certificate that opens {@code commitment} to {@code text}. */
    private static String saltOpening(String certificate, String commitment, String text) {
        Matcher candidates = BASE64_SALT.matcher(certificate.replaceAll("\\s+", ""));
        while (candidates.find()) {
            if (Commitment.opens(commitment, text, candidates.group())) {
                return candidates.group();
            }
        }
        throw new AssertionError("the certificate carries no salt that opens the commitment " + commitment + ":\n" + certificate);
    }

    private static Optional<String> pdfText(Api.Response response) throws IOException {
        if (response.status() != 200) {
            return Optional.empty();
        }
        try (PDDocument document = Loader.loadPDF(response.bytes())) {
            return Optional.of(new PDFTextStripper().getText(document));
        }
    }

    private int verify(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("ledger.jar"), "verify", "--key", "@" + ledgerKey));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        System.out.println("verify " + String.join(" ", arguments) + " -> " + process.exitValue() + "\n" + output);
        return process.exitValue();
    }

    /** "table.column" of every row of one service's database whose text or bytes contain {@code text}. */
    private static List<String> rowsContaining(Map<String, String> environment, String service, String text) throws SQLException {
        List<String> found = new ArrayList<>();
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Connection connection = DriverManager.getConnection(environment.get(service + "_DB_URL"),
                environment.get(service + "_DB_USER"), environment.get(service + "_DB_PASSWORD"))) {
            DatabaseMetaData metadata = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = metadata.getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rows.next()) {
                    String schema = rows.getString("TABLE_SCHEM");
                    if (!"INFORMATION_SCHEMA".equalsIgnoreCase(schema) && !"pg_catalog".equals(schema)) {
                        tables.add("\"" + schema + "\".\"" + rows.getString("TABLE_NAME") + "\"");
                    }
                }
            }
            assertThat(tables).as(service + " tables").isNotEmpty();
            for (String table : tables) {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("select * from " + table)) {
                    ResultSetMetaData columns = rows.getMetaData();
                    while (rows.next()) {
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            byte[] bytes = isBinary(columns.getColumnType(column)) ? rows.getBytes(column)
                                    : Optional.ofNullable(rows.getString(column)).map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(null);
                            if (bytes != null && contains(bytes, needle)) {
                                found.add(table + "." + columns.getColumnName(column));
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static boolean isBinary(int sqlType) {
        return sqlType == java.sql.Types.BINARY || sqlType == java.sql.Types.VARBINARY
                || sqlType == java.sql.Types.LONGVARBINARY || sqlType == java.sql.Types.BLOB;
    }

    /** Byte search: ISO-8859-1 maps every byte to one char, so String.contains finds the UTF-8 bytes of the text. */
    private static boolean contains(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
