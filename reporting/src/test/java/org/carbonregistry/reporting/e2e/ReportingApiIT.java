package org.carbonregistry.reporting.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.events.AccountType;
import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;
import org.carbonregistry.events.Standard;
import org.carbonregistry.reporting.testing.Http;
import org.carbonregistry.reporting.testing.StandInReporting;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad input and access: every refusal is an RFC 9457 problem that says what to change. */
class ReportingApiIT extends StandInReporting {

    record Accounts(String holder, String holderKey, String other, String otherKey, String auditorKey,
                    String retirementId) {
    }

    private static Accounts accounts;

    @BeforeEach
    void accountsOnce() {
        if (accounts != null) {
            return;
        }
        String holder = "holder-api";
        String other = "other-api";
        producer().sendAll(EVENTS, List.of(
                HISTORY.openAccount(holder, AccountType.CORPORATE, "NL"),
                HISTORY.openAccount(other, AccountType.CORPORATE, "IT"),
                HISTORY.registerProject("project-api", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, "Peatland", holder),
                HISTORY.issue("batch-api", "project-api", Standard.VCS, "IE", ProjectCategory.REMOVAL,
                        RemovalSink.BIOGENIC, 2024, 10, holder, false),
                HISTORY.retire("batch-api", "retire-api", holder, 4, "Holder BV", 2024)));
        accounts = new Accounts(holder, REGISTRY.key(holder, "ACCOUNT_HOLDER"), other,
                REGISTRY.key(other, "ACCOUNT_HOLDER"), REGISTRY.key("auditor-api", "AUDITOR"), "retire-api");
        await("reporting knows the retirement").atMost(Duration.ofSeconds(60))
                .until(() -> reporting.get("/api/retirements/retire-api", null).status() == 200);
    }

    private static void assertProblem(Http.Response response, int status, String... detail) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).contains(detail);
    }

    private String report(String query) {
        return "/api/reports/esrs-e1-7?" + query;
    }

    @Test
    void anUnknownFormatIsABadRequest() {
        assertProblem(reporting.get(report("year=2024&format=xlsx"), null), 400, "format must be one of csv, json, pdf", "xlsx");
    }

    @Test
    void aYearOutOfRangeOrNotANumberOrMissingIsABadRequest() {
        int next = Year.now(ZoneOffset.UTC).getValue() + 1;
        assertProblem(reporting.get(report("year=1989"), null), 400, "year 1989 is out of range", "1990 to " + next);
        assertProblem(reporting.get(report("year=" + (next + 1)), null), 400, "out of range");
        assertProblem(reporting.get(report("year=twenty"), null), 400, "year must be a number");
        assertProblem(reporting.get(report("format=json"), null), 400, "'year' is required");
    }

    @Test
    void aMalformedAsOfIsABadRequest() {
        assertProblem(reporting.get(report("year=2024&asOf=yesterday"), null), 400,
                "asOf must be an ISO-8601 instant such as 2025-01-31T23:59:59Z", "yesterday");
        assertThat(reporting.get(report("year=2024&asOf=2024-06-01T00:00:00%2B02:00"), null).status()).isEqualTo(200);
    }

    @Test
    void anUnknownAccountIsNotFound() {
        assertProblem(reporting.get(report("year=2024&account=no-such-account"), ADMIN_KEY), 404,
                "account no-such-account is not known to reporting");
        assertProblem(reporting.get(report("year=2024&account=no-such-account"), accounts.auditorKey()), 404, "not known");
        assertProblem(reporting.get("/api/retirements/no-such-retirement", ADMIN_KEY), 404, "not known");
    }

    @Test
    void anAccountsReportNeedsThatAccountsKeyOrAnAdministratorsOrAnAuditors() {
        String path = report("year=2024&account=" + accounts.holder());

        Http.Response anonymous = reporting.get(path, null);
        assertProblem(anonymous, 401, "account " + accounts.holder() + " is private");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertProblem(reporting.get(path, "crk_never-issued-by-the-registry"), 401, "unknown or revoked API key");
        assertProblem(reporting.get(path, accounts.otherKey()), 403, "cannot read account " + accounts.holder());
        assertThat(reporting.get(path, accounts.holderKey()).status()).isEqualTo(200);
        assertThat(reporting.get(path, accounts.auditorKey()).status()).isEqualTo(200);
        assertThat(reporting.get(path, ADMIN_KEY).status()).isEqualTo(200);
        // Another account's key does not learn whether an account exists.
        assertProblem(reporting.get(report("year=2024&account=no-such-account"), accounts.otherKey()), 403, "cannot read");
    }

    @Test
    void aRetirementIsPublicTheListsOfAnAccountsRetirementsAreNot() {
        String retirement = "/api/retirements/" + accounts.retirementId();

        assertThat(reporting.get(retirement, null).json().get("quantity").asLong()).isEqualTo(4);
        assertThat(reporting.get(retirement + "/certificate.pdf", null).contentType()).isEqualTo("application/pdf");
        assertProblem(reporting.get("/api/retirements?account=" + accounts.holder(), null), 401, "is private");
        assertProblem(reporting.get("/api/retirements?account=" + accounts.holder(), accounts.otherKey()), 403, "cannot read");
        assertProblem(reporting.get("/api/retirements", accounts.holderKey()), 403, "administrator's or auditor's");
        assertThat(reporting.get("/api/retirements", accounts.auditorKey()).status()).isEqualTo(200);
        assertProblem(reporting.get("/api/retirements?account=" + accounts.holder() + "&asOf=noon", accounts.holderKey()),
                400, "asOf must be an ISO-8601 instant");
    }

    @Test
    void onlyAnAdministratorMayReplay() {
        assertProblem(reporting.post("/api/admin/replay", null, null), 401, "administrator's API key");
        assertProblem(reporting.post("/api/admin/replay", accounts.auditorKey(), null), 403, "administrator's API key");
        assertProblem(reporting.post("/api/admin/replay", accounts.holderKey(), null), 403, "administrator's API key");
    }

    @Test
    void aMalformedAuthorizationHeaderIsRefused() {
        Http.Response basic = reporting.getWithAuthorization(report("year=2024&account=" + accounts.holder()), "Basic dXNlcjpwYXNz");
        assertProblem(basic, 401, "'Bearer <API key>'");
    }
}
