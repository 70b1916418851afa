package org.carbonregistry.reporting.esrs;

import org.carbonregistry.access.Problems;
import org.springframework.http.MediaType;

import java.util.Locale;

public enum ReportFormat {
    JSON(MediaType.APPLICATION_JSON, "json"),
    CSV(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8), "csv"),
    PDF(MediaType.APPLICATION_PDF, "pdf");

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

    /** {@code csv}, {@code json} or {@code pdf} (any case); JSON when absent. */
    public static ReportFormat parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("format must be one of csv, json, pdf, not '" + text + "'");
        }
    }
}
