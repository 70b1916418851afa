package org.carbonregistry.reporting.web;

import org.carbonregistry.access.Problems;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.format.DateTimeParseException;

/** Query parameters shared by the report endpoints, checked with a detail that says what is expected. */
public final class ReportParameters {

    /** ESRS reporting years: from the Kyoto base year to next year (a claim can be made ahead for the current year). */
    public static final int FIRST_YEAR = 1990;

    private ReportParameters() {
    }

    public static int year(String text, Clock clock) {
        if (text == null || text.isBlank()) {
            throw Problems.badRequest("query parameter 'year' is required (the reporting year, e.g. year=2024)");
        }
        int year;
        try {
            year = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw Problems.badRequest("year must be a number such as 2024, not '" + text + "'");
        }
        int last = Year.now(clock).getValue() + 1;
        if (year < FIRST_YEAR || year > last) {
            throw Problems.badRequest("year " + year + " is out of range: reporting years run from " + FIRST_YEAR
                    + " to " + last);
        }
        return year;
    }

    public static Integer optionalYear(String text, Clock clock) {
        return text == null || text.isBlank() ? null : year(text, clock);
    }

    /** An ISO-8601 instant ({@code 2025-01-31T23:59:59Z}) or date-time with offset; null if absent. */
    public static Instant asOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text.trim()).toInstant();
            } catch (DateTimeParseException e) {
                throw Problems.badRequest("asOf must be an ISO-8601 instant such as 2025-01-31T23:59:59Z, not '"
                        + text + "'");
            }
        }
    }

    /** The account parameter: absent means registry-wide; present but blank is a mistake. */
    public static String account(String text) {
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw Problems.badRequest("account must be an account id; leave the parameter out for the registry-wide report");
        }
        return text.trim();
    }

}
