package org.carbonregistry.reporting.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.RetirementPersonalData;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.testing.Pdfs;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.carbonregistry.reporting.testing.TableDump;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Personal data end to end on the real broker: the beneficiary arrives on the compacted topic, opens the
 * retirement's commitments and shows in the reports and the certificate (with its salt, so the holder can prove it).
 * After {@code PersonalDataErased} and the tombstone, no API answer, report format, reporting table row or log line
 * contains the text or the salts.
 */
class PersonalDataIT extends StandInReporting {

    private static final String NAME = "Erika Mustermann " + UUID.randomUUID().toString().substring(0, 6);
    private static final String PURPOSE = "Compensation of flight " + UUID.randomUUID().toString().substring(0, 6);
    private static final String FORMULA = "=HYPERLINK(\"http://evil.example/\",\"click\")";
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

    @Autowired
    JdbcTemplate jdbc;

    @BeforeAll
    static void captureEveryLogLine() {
        LOGS.start();
        root().addAppender(LOGS);
    }

    @AfterAll
    static void stopCapturing() {
        root().detachAppender(LOGS);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    @Test
    void theBeneficiaryIsReportedWhileItExistsAndNowhereOnceErased() throws Exception {
        String corp = "corp-pd";
        String batch = "batch-pd";
        String corpKey = REGISTRY.key(corp, "ACCOUNT_HOLDER");
        String auditorKey = REGISTRY.key("auditor-pd", "AUDITOR");
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount("dev-pd", AccountType.PROJECT_DEVELOPER, "BR"),
                HISTORY.openAccount(corp, AccountType.CORPORATE, "DE"),
                HISTORY.registerProject("project-pd", Standard.GS, "KE", ProjectCategory.REDUCTION, null,
                        "Cookstoves", "dev-pd"),
                HISTORY.issue(batch, "project-pd", Standard.GS, "KE", ProjectCategory.REDUCTION, null, 2022, 100, corp,
                        false),
                HISTORY.retire(batch, "retire-pd", corp, 7, NAME, PURPOSE, 2025),
                HISTORY.retire(batch, "retire-formula", corp, 3, FORMULA, 2025)));
        producer().send(PERSONAL_DATA, HISTORY.personalDataRecord("retire-pd"));
        producer().send(PERSONAL_DATA, HISTORY.personalDataRecord("retire-formula"));
        RetirementPersonalData text = HISTORY.personalData("retire-pd");
        await("the personal data is verified").atMost(Duration.ofSeconds(60)).until(() ->
                reporting.get("/api/retirements/retire-pd", null).json().path("beneficiary").asText().equals(NAME));
        String report = "/api/reports/esrs-e1-7?year=2025&account=" + corp + "&format=";

        JsonNode retirement = reporting.get("/api/retirements/retire-pd", null).require(200).json();
        assertThat(retirement.get("erased").asBoolean()).isFalse();
        assertThat(retirement.get("beneficiarySalt").asText()).isEqualTo(text.beneficiarySalt());
        assertThat(retirement.get("beneficiaryCommitment").asText()).isEqualTo(text.beneficiaryCommitment());
        assertThat(reporting.get(report + "json", corpKey).require(200).text()).contains(NAME);
        String csv = reporting.get(report + "csv", corpKey).require(200).text();
        assertThat(csv).contains(NAME).contains("'=HYPERLINK(").doesNotContain(",=HYPERLINK", ",\"=HYPERLINK");
        assertThat(Pdfs.text(reporting.get(report + "pdf", corpKey).require(200).body())).contains(NAME);
        String certificate = Pdfs.text(reporting.get("/api/retirements/retire-pd/certificate.pdf", null).require(200).body());
        assertThat(certificate).contains(NAME);
        assertThat(certificate.replaceAll("\\s+", "")).contains(text.beneficiarySalt(), text.purposeSalt(),
                text.beneficiaryCommitment(), "verify--proofp.json--beneficiary\"" + NAME.replace(" ", "") + "\"--salt");

        producer().send(EVENTS, HISTORY.erase(batch, "retire-pd"));
        producer().send(PERSONAL_DATA, HISTORY.personalDataRecord("retire-pd", null));
        await("the personal data is erased").atMost(Duration.ofSeconds(60)).until(() ->
                reporting.get("/api/retirements/retire-pd", null).json().path("erased").asBoolean());
        awaitCaughtUp();

        JsonNode erased = reporting.get("/api/retirements/retire-pd", null).require(200).json();
        assertThat(erased.get("beneficiary").isNull()).isTrue();
        assertThat(erased.get("purpose").isNull()).isTrue();
        assertThat(erased.get("beneficiarySalt").isNull()).isTrue();
        assertThat(erased.get("beneficiaryCommitment").asText()).isEqualTo(text.beneficiaryCommitment());
        List<String> answers = new ArrayList<>();
        answers.add(erased.toString());
        answers.add(reporting.get("/api/retirements?account=" + corp, corpKey).require(200).text());
        answers.add(reporting.get("/api/retirements", auditorKey).require(200).text());
        answers.add(reporting.get(report + "json", corpKey).require(200).text());
        answers.add(reporting.get("/api/reports/esrs-e1-7?year=2025&format=json", auditorKey).require(200).text());
        answers.add(reporting.get("/api/reports/esrs-e1-7?year=2025&format=csv", auditorKey).require(200).text());
        String erasedCsv = reporting.get(report + "csv", corpKey).require(200).text();
        answers.add(erasedCsv);
        String erasedPdf = Pdfs.text(reporting.get(report + "pdf", corpKey).require(200).body());
        answers.add(erasedPdf);
        String erasedCertificate = Pdfs.text(reporting.get("/api/retirements/retire-pd/certificate.pdf", null)
                .require(200).body());
        answers.add(erasedCertificate);
        answers.add(reporting.get("/api/status", null).require(200).text());
        answers.add(reporting.get("/api/quarantine", auditorKey).require(200).text());
        answers.add(reporting.get("/actuator/health", ADMIN_KEY).text());

        assertThat(answers).allSatisfy(answer -> assertThat(answer)
                .doesNotContain(NAME, PURPOSE, text.beneficiarySalt(), text.purposeSalt()));
        assertThat(reporting.get(report + "json", corpKey).json().get("retirements")).anySatisfy(row -> {
            assertThat(row.get("retirementId").asText()).isEqualTo("retire-pd");
            assertThat(row.get("beneficiary").isNull()).isTrue();
            assertThat(row.get("erased").asBoolean()).isTrue();
        });
        assertThat(erasedCsv.lines().filter(line -> line.contains("retire-pd"))).singleElement()
                .satisfies(line -> assertThat(line).contains(",true,"));
        assertThat(erasedPdf).contains("beneficiary: [erased]");
        assertThat(erasedCertificate).contains("[erased]", "were erased");
        assertThat(TableDump.of(jdbc).toString()).doesNotContain(NAME, PURPOSE, text.beneficiarySalt(), text.purposeSalt());
        assertThat(LOGS.list).extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(line -> assertThat(line).doesNotContain(NAME, PURPOSE, text.beneficiarySalt()));
    }
}
