package org.carbonregistry.reporting.esrs;

import org.carbonregistry.access.Problems;
import org.springframework.http.MediaType;

import java.util.Locale;

public enum ReportFormat {
    JSON(MediaType.APPLICATION_JSON, "json"),
    CSV(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), "csv"),
    PDF(MediaType.APPLICATION_PDF, "pdf"),
    /** Inline XBRL 1.1: XHTML a browser shows, with ESRS taxonomy tags a filing tool reads. */
    XHTML(MediaType.APPLICATION_XHTML_XML, "xhtml");

    private final MediaType mediaType;
    private final String extension;

    ReportFormat(MediaType mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /** {@code csv}, {@code json}, {@code pdf} or {@code xhtml} (any case); JSON when absent. */
    public static ReportFormat parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("format must be one of csv, json, pdf, xhtml, not '" + text + "'");
        }
    }
}
