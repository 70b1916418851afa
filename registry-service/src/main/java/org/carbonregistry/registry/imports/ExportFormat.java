package org.carbonregistry.registry.imports;

import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The columns of one programme's public export and how a row of it becomes an {@link ExportRow}. */
interface ExportFormat {

    /** Columns without which no row can be read: a file that lacks one is refused whole. */
    List<String> requiredColumns();

    /** Reads one row, keyed by column name; {@link RowRefused} says what is wrong with it. */
    ExportRow read(Map<String, String> row);

    /** The cell's text, trimmed; null when the column is missing or the cell empty. */
    static String cell(Map<String, String> row, String column) {
        String value = row.get(column);
        return value == null || value.isBlank() ? null : value.strip();
    }

    static String required(Map<String, String> row, String column) {
        String value = cell(row, column);
        if (value == null) {
            throw new RowRefused("'" + column + "' is empty");
        }
        return value;
    }

    /** Whole credits, as the exports print them: {@code 28571} or {@code "28,571"}. */
    static long quantity(Map<String, String> row, String column) {
        String value = required(row, column).replace(",", "");
        try {
            long quantity = Long.parseLong(value);
            if (quantity < 1) {
                throw new RowRefused("'" + column + "' must be at least 1, was " + value);
            }
            return quantity;
        } catch (NumberFormatException e) {
            throw new RowRefused("'" + column + "' is not a whole number of credits: '" + row.get(column) + "'");
        }
    }

    /** ISO dates, alone or at the start of a timestamp ({@code 2026-04-13T12:35:58.842275}); null when empty. */
    static LocalDate date(Map<String, String> row, String column) {
        String value = cell(row, column);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 && value.charAt(10) == 'T' ? value.substring(0, 10) : value);
        } catch (DateTimeParseException e) {
            throw new RowRefused("'" + column + "' is not a date (yyyy-MM-dd): '" + value + "'");
        }
    }

    static long number(String text, String what, String serials) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RowRefused("serial number '" + serials + "': " + what + " '" + text + "' is not a number");
        }
    }

    /** A serial range's numbers must say the row's quantity: the programme prints both, they must agree. */
    static void requireQuantity(ExportRow.ExternalRange range, long quantity, String column) {
        if (range.last() < range.first()) {
            throw new RowRefused("serial number '" + range.serials() + "' ends before it starts");
        }
        if (range.quantity() != quantity) {
            throw new RowRefused("serial number '" + range.serials() + "' is " + range.quantity() + " credits but '"
                    + column + "' says " + quantity);
        }
    }

    /**
     * Removals are what the programmes certify as afforestation, reforestation and revegetation (Verra's ARR
     * methodologies VM0047 and the CDM's AR-…, Gold Standard's "Afforestation/Reforestation"): carbon into a
     * biogenic sink. Everything else an export carries (REDD+, energy, cookstoves, methane) reduces emissions.
     */
    static boolean isBiogenicRemoval(String methodology, String projectType) {
        String m = methodology == null ? "" : methodology.toUpperCase(Locale.ROOT);
        String t = projectType == null ? "" : projectType.toLowerCase(Locale.ROOT);
        return m.startsWith("AR-") || m.contains("VM0047") || t.contains("afforestation") || t.contains("reforestation");
    }

    static ProjectCategory category(String methodology, String projectType) {
        return isBiogenicRemoval(methodology, projectType) ? ProjectCategory.REMOVAL : ProjectCategory.REDUCTION;
    }

    static RemovalSink sink(String methodology, String projectType) {
        return isBiogenicRemoval(methodology, projectType) ? RemovalSink.BIOGENIC : null;
    }

    /** Free text the registry keeps at most {@code max} characters of (names, types), cut with an ellipsis. */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
