package org.carbonregistry.registry.imports;

import org.carbonregistry.registry.imports.ExportRow.ExternalRange;
import org.carbonregistry.registry.imports.ExportRow.Status;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.carbonregistry.registry.imports.ExportFormat.cell;
import static org.carbonregistry.registry.imports.ExportFormat.clip;
import static org.carbonregistry.registry.imports.ExportFormat.date;
import static org.carbonregistry.registry.imports.ExportFormat.required;

/**
 * The Verra registry's public VCU export ("Issuance Date", "Sustainable Development Goals", "Vintage Start",
 * "Vintage End", "ID", "Name", "Country/Area", "Project Type", "Methodology", "Total Vintage Quantity",
 * "Quantity Issued", "Serial Number", "Additional Certifications", "Retirement/Cancellation Date",
 * "Retirement Beneficiary", "Retirement Reason", "Retirement Details"), as CarbonPlan's OffsetsDB reads it
 * (carbonplan/offsets-db-data, offsets_db_data/vcs.py and tests/data/verra/transactions.csv at cdfd8f77).
 * Each row is one block of VCUs. Like vcs.py we take a row with a "Retirement/Cancellation Date" as gone from
 * circulation: Verra's export does not say which of the two it was, so a "Retirement Reason" that starts with
 * "Cancel" makes it a cancellation and anything else a retirement.
 * <p>
 * A serial number reads {@code 19385-941467007-941467431-VCS-VCU-1507-VER-ET-14-1340-01012020-31122020-1}:
 * issuance, first and last VCU number, programme, unit, …, country, sectoral scope, project ID, vintage start and
 * end (ddMMyyyy), and a flag. VCU numbers are counted across the whole registry, so the series is the unit
 * ({@code VCS-VCU}) and any two rows sharing a number are the same credits.
 */
final class VerraExport implements ExportFormat {

    static final String SERIAL = "Serial Number";
    static final String QUANTITY = "Quantity Issued";
    static final String RETIRED_ON = "Retirement/Cancellation Date";

    @Override
    public List<String> requiredColumns() {
        return List.of("Vintage Start", "Vintage End", "ID", "Name", "Country/Area", "Project Type", "Methodology",
                QUANTITY, SERIAL, RETIRED_ON);
    }

    @Override
    public ExportRow read(Map<String, String> row) {
        String projectId = required(row, "ID");
        LocalDate start = requiredDate(row, "Vintage Start");
        LocalDate end = requiredDate(row, "Vintage End");
        long quantity = ExportFormat.quantity(row, QUANTITY);
        ExternalRange range = range(required(row, SERIAL), projectId);
        ExportFormat.requireQuantity(range, quantity, QUANTITY);
        String methodology = cell(row, "Methodology");
        String type = cell(row, "Project Type");
        LocalDate retiredOn = date(row, RETIRED_ON);
        String reason = cell(row, "Retirement Reason");
        Status status = retiredOn == null ? Status.ISSUED
                : reason != null && reason.toLowerCase(Locale.ROOT).startsWith("cancel") ? Status.CANCELLED
                : Status.RETIRED;
        String details = cell(row, "Retirement Details");
        return new ExportRow(projectId, clip(required(row, "Name"), 200),
                CountryNames.iso(required(row, "Country/Area")),
                methodology == null ? "not stated in the Verra export" : clip(methodology, 100),
                type == null ? "not stated in the Verra export" : clip(type, 100),
                ExportFormat.category(methodology, type), ExportFormat.sink(methodology, type), start, end, quantity,
                range, status, retiredOn, cell(row, "Retirement Beneficiary"),
                details != null ? details : reason);
    }

    static ExternalRange range(String serials, String projectId) {
        String[] parts = serials.split("-");
        if (parts.length != 13 || !"VCS".equals(parts[3])) {
            throw new RowRefused("serial number '" + serials + "' is not a Verra serial range"
                    + " (issuance-first-last-VCS-unit-…-project-start-end-flag, 13 parts)");
        }
        if (!parts[9].equals(projectId)) {
            throw new RowRefused("serial number '" + serials + "' is of project " + parts[9] + ", the row's ID is "
                    + projectId);
        }
        long first = ExportFormat.number(parts[1], "first VCU", serials);
        long last = ExportFormat.number(parts[2], "last VCU", serials);
        return new ExternalRange(serials, parts[3] + "-" + parts[4], first, last);
    }

    private static LocalDate requiredDate(Map<String, String> row, String column) {
        required(row, column);
        return date(row, column);
    }
}
