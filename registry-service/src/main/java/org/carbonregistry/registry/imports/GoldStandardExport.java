package org.carbonregistry.registry.imports;

import org.carbonregistry.registry.imports.ExportRow.ExternalRange;
import org.carbonregistry.registry.imports.ExportRow.Status;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.carbonregistry.registry.imports.ExportFormat.cell;
import static org.carbonregistry.registry.imports.ExportFormat.clip;
import static org.carbonregistry.registry.imports.ExportFormat.required;

/**
 * The Gold Standard Impact Registry's public credit exports, as CarbonPlan's OffsetsDB reads them
 * (carbonplan/offsets-db-data, offsets_db_data/gld.py and tests/data/gold-standard/issuances.csv and
 * retirements.csv at cdfd8f77): "Vintage", "Credit Status" (Issued, Retired, Canceled), "Quantity", "GSID",
 * "Project Name", "Project Developer", "Country", "Project Type", "Methodology", …, "Issuance Date",
 * "Retirement Date", "Monitoring Period Start", "Monitoring Period End", "Serial Number", "Note", …,
 * "Using Entity". The issuance and retirement exports share these columns, so either (or both, concatenated
 * under one header) imports.
 * <p>
 * A serial number reads {@code GS1-1-KE-GS11603-16-2025-30256-110-5463}: programme, …, country, GS project ID,
 * …, vintage, the issuance's block number, and the first and last credit within that block. The series is
 * everything before the first number, so the retired front of a block and its remainder are two ranges of one
 * series that meet but do not overlap.
 */
final class GoldStandardExport implements ExportFormat {

    static final String SERIAL = "Serial Number";
    static final String QUANTITY = "Quantity";
    static final String STATUS = "Credit Status";

    @Override
    public List<String> requiredColumns() {
        return List.of("Vintage", STATUS, QUANTITY, "GSID", "Project Name", "Country", SERIAL);
    }

    @Override
    public ExportRow read(Map<String, String> row) {
        String gsid = required(row, "GSID");
        int vintage = vintage(required(row, "Vintage"));
        long quantity = ExportFormat.quantity(row, QUANTITY);
        ExternalRange range = range(required(row, SERIAL), gsid, vintage);
        ExportFormat.requireQuantity(range, quantity, QUANTITY);
        Status status = status(required(row, STATUS));
        String methodology = cell(row, "Methodology");
        String type = cell(row, "Project Type");
        String note = cell(row, "Note");
        return new ExportRow("GS" + gsid, clip(required(row, "Project Name"), 200),
                CountryNames.iso(required(row, "Country")),
                methodology == null ? "not stated in the Gold Standard export" : clip(methodology, 100),
                type == null ? "not stated in the Gold Standard export" : clip(type, 100),
                ExportFormat.category(methodology, type), ExportFormat.sink(methodology, type),
                LocalDate.of(vintage, 1, 1), LocalDate.of(vintage, 12, 31), quantity, range, status,
                ExportFormat.date(row, "Retirement Date"), cell(row, "Using Entity"),
                note != null ? note : cell(row, "Use Case"));
    }

    static ExternalRange range(String serials, String gsid, int vintage) {
        String[] parts = serials.split("-");
        if (parts.length != 9 || !parts[0].startsWith("GS")) {
            throw new RowRefused("serial number '" + serials + "' is not a Gold Standard serial range"
                    + " (GS1-1-country-GSproject-…-vintage-block-first-last, 9 parts)");
        }
        if (!parts[3].equals("GS" + gsid)) {
            throw new RowRefused("serial number '" + serials + "' is of project " + parts[3] + ", the row's GSID is "
                    + gsid);
        }
        if (!parts[5].equals(Integer.toString(vintage))) {
            throw new RowRefused("serial number '" + serials + "' is of vintage " + parts[5] + ", the row's is "
                    + vintage);
        }
        long first = ExportFormat.number(parts[7], "first credit", serials);
        long last = ExportFormat.number(parts[8], "last credit", serials);
        return new ExternalRange(serials, String.join("-", List.of(parts).subList(0, 7)), first, last);
    }

    private static int vintage(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new RowRefused("'Vintage' is not a year: '" + text + "'");
        }
    }

    private static Status status(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "issued" -> Status.ISSUED;
            case "retired" -> Status.RETIRED;
            case "canceled", "cancelled" -> Status.CANCELLED;
            default -> throw new RowRefused("'" + STATUS + "' must be Issued, Retired or Canceled, was '" + text + "'");
        };
    }
}
