package org.carbonregistry.reporting.esrs;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.carbonregistry.access.SpreadsheetSafe;
import org.carbonregistry.events.EventJson;
import org.carbonregistry.reporting.pdf.PdfPages;
import org.carbonregistry.reporting.projection.SourcePosition;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revised-ESRS report in each format, all from {@link Esrs2026Report#figures()}: JSON fields, CSV rows, PDF lines
 * and Inline XBRL facts name the same figures. Small enough to be written in memory; no annex (the retirements behind
 * the figures are the annex of the ESRS E1-7 report for the same account and year).
 */
public class Esrs2026Writer {

    private static final JsonFactory JSON = new JsonFactory();
    private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
            .addColumn("record").addColumn("metric").addColumn("value").addColumn("unit").addColumn("reference")
            .setUseHeader(true).build();

    public void write(Esrs2026Report report, ReportFormat format, OutputStream out) throws IOException {
        switch (format) {
            case JSON -> json(report, out);
            case CSV -> csv(report, out);
            case PDF -> pdf(report, out);
            case XHTML -> InlineXbrl.write(out, new InlineXbrl.Heading(Esrs2026Report.TITLE, report.accountId(),
                    report.reportingYear(), report.asOf(), report.source(), EsrsReport.STATEMENT),
                    report.figures().stream().map(Esrs2026Report.Figure::fact).toList(),
                    List.of(EsrsXhtmlWriter.SEPARATE_FROM_EMISSIONS), html -> html.element("p",
                            "Untagged figures have no element in the EFRAG ESRS 2023-12-22 taxonomy; EFRAG has published"
                                    + " no taxonomy for the revised ESRS."));
        }
    }

    private static void json(Esrs2026Report report, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            EsrsJsonWriter.header(json, "ESRS E1 (revised, 2026)", Esrs2026Report.TITLE, report.accountId(),
                    report.reportingYear(), report.asOf(), report.source());
            for (Esrs2026Report.Figure figure : report.figures()) {
                json.writeNumberField(figure.field(), figure.value());
            }
            json.writeEndObject();
        }
    }

    private static void csv(Esrs2026Report report, OutputStream out) throws IOException {
        try (SequenceWriter rows = SpreadsheetSafe.mapper().writerFor(Map.class).with(CSV_SCHEMA).writeValues(out)) {
            rows.write(row("report", "title", Esrs2026Report.TITLE, null, null));
            rows.write(row("report", "scope", report.scope(), null, null));
            rows.write(row("report", "reportingYear", String.valueOf(report.reportingYear()), null, null));
            rows.write(row("report", "asOf", time(report.asOf()), null, null));
            rows.write(row("report", "statement", EsrsReport.STATEMENT, null, null));
            SourcePosition source = report.source();
            rows.write(row("report", "lastEventId", source.lastEventId() == null ? null : source.lastEventId().toString(), null, null));
            rows.write(row("report", "lastEventTime", time(source.lastEventTime()), null, null));
            for (SourcePosition.PartitionPosition partition : source.partitions()) {
                rows.write(row("source", "partition " + partition.partition(), String.valueOf(partition.lastOffset()),
                        "kafka offset", null));
            }
            for (Esrs2026Report.Figure figure : report.figures()) {
                rows.write(row("summary", figure.field(), figure.value().toPlainString(),
                        figure.fact().unit() == XbrlFact.Unit.TONNES ? "tCO2e" : "percent", figure.fact().reference()));
            }
        }
    }

    private static void pdf(Esrs2026Report report, OutputStream out) throws IOException {
        try (PDDocument document = new PDDocument(IOUtils.createTempFileOnlyStreamCache())) {
            document.getDocumentInformation().setTitle("ESRS E1 (revised, 2026) " + report.scope() + " " + report.reportingYear());
            document.getDocumentInformation().setProducer("carbon registry reporting");
            try (PdfPages pages = new PdfPages(document, PDRectangle.A4, 50,
                    "ESRS E1 (revised, 2026) - " + report.scope() + " - " + report.reportingYear())) {
                EsrsPdfWriter.heading(pages, "ESRS E1 (revised, 2026) carbon-credit disclosure", Esrs2026Report.TITLE,
                        report.accountId(), report.reportingYear(), report.asOf());
                pages.text(PdfPages.REGULAR, 9, InlineXbrl.sourceText(report.source()));
                pages.gap(6);
                pages.text(PdfPages.REGULAR, 9, EsrsReport.STATEMENT);
                pages.gap(10);
                for (Esrs2026Report.Figure figure : report.figures()) {
                    pages.gap(4);
                    pages.text(PdfPages.BOLD, 10, figure.fact().label());
                    pages.textIndented(20, PdfPages.REGULAR, 10, figure.field() + ": " + figure.value().toPlainString()
                            + (figure.fact().unit() == XbrlFact.Unit.TONNES ? " t CO2e" : " %")
                            + "   (" + figure.fact().reference() + ")");
                }
            }
            document.save(out);
        }
    }

    private static Map<String, Object> row(String record, String metric, String value, String unit, String reference) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("record", record);
        row.put("metric", metric);
        row.put("value", value);
        row.put("unit", unit);
        row.put("reference", reference);
        return row;
    }

    private static String time(Instant instant) {
        return instant == null ? null : EventJson.INSTANT_FORMAT.format(instant);
    }
}
