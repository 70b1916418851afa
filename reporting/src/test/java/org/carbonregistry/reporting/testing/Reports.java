package org.carbonregistry.reporting.testing;

import org.carbonregistry.reporting.claim.ClaimQueries;
import org.carbonregistry.reporting.esrs.EsrsCsvWriter;
import org.carbonregistry.reporting.esrs.EsrsJsonWriter;
import org.carbonregistry.reporting.esrs.EsrsPdfWriter;
import org.carbonregistry.reporting.esrs.EsrsXhtmlWriter;
import org.carbonregistry.reporting.esrs.EsrsQueries;
import org.carbonregistry.reporting.esrs.EsrsReport;
import org.carbonregistry.reporting.esrs.ReportFormat;
import org.carbonregistry.reporting.ledger.LedgerClient;
import org.carbonregistry.reporting.plan.PlanQueries;
import org.carbonregistry.reporting.projection.ProjectionPositions;
import org.carbonregistry.reporting.projection.ReportWindow;
import org.carbonregistry.reporting.projection.SourcePosition;
import org.carbonregistry.reporting.retirement.RetirementFilter;
import org.carbonregistry.reporting.retirement.RetirementQueries;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** Builds ESRS reports straight from a projection database with the production queries and writers. */
public final class Reports {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final ProjectionPositions positions;
    private final EsrsQueries queries;
    private final RetirementQueries retirements;
    // Reports only name the proof URL; nothing here asks the ledger.
    private final LedgerClient ledger = new LedgerClient(URI.create("http://127.0.0.1:8081"), Duration.ofSeconds(1),
            () -> {
                throw new IllegalStateException("reports do not check proofs");
            });

    public Reports(JdbcTemplate jdbc, String topic) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        this.readOnly.setReadOnly(true);
        this.positions = new ProjectionPositions(jdbc, topic);
        this.queries = new EsrsQueries(jdbc);
        this.retirements = new RetirementQueries(jdbc);
    }

    public EsrsReport report(String account, int year, Instant asOf) {
        SourcePosition source = positions.at(asOf);
        RetirementFilter filter = new RetirementFilter(account, year, asOf, source.watermark());
        ReportWindow window = new ReportWindow(asOf, source.watermark());
        return new EsrsReport(account, year, asOf, source, queries.summary(filter), true,
                new PlanQueries(jdbc).planned(account, year, window, true),
                new ClaimQueries(jdbc).forYear(account, year, window));
    }

    public byte[] render(String account, int year, Instant asOf, ReportFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(account, year, asOf, format, out);
        return out.toByteArray();
    }

    public void write(String account, int year, Instant asOf, ReportFormat format, OutputStream out) {
        readOnly.executeWithoutResult(status -> {
            EsrsReport report = report(account, year, asOf);
            RetirementFilter filter = new RetirementFilter(account, year, asOf, report.source().watermark());
            try {
                switch (format) {
                    case JSON -> new EsrsJsonWriter(ledger).write(report, each -> retirements.stream(filter, each), out);
                    case CSV -> new EsrsCsvWriter(ledger).write(report, each -> retirements.stream(filter, each), out);
                    case PDF -> new EsrsPdfWriter().write(report, each -> retirements.stream(filter, each), out);
                    case XHTML -> new EsrsXhtmlWriter(ledger).write(report, each -> retirements.stream(filter, each), out);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }
}
