package org.carbonregistry.registry.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Programme exports made for tests, in the real column layouts (the Verra VCU export and the Gold Standard credit
 * exports, as carbonplan/offsets-db-data's test data has them): blocks of several projects, some retired, some
 * cancelled, and blocks split into a retired front and an active rest (partial ranges), as the programmes print
 * them after a partial retirement. Serial numbers start at {@code base}, so tests sharing a database stay apart.
 */
public final class ExportFiles {

    public static final String VERRA_HEADER = "Issuance Date,Sustainable Development Goals,Vintage Start,Vintage End,"
            + "ID,Name,Country/Area,Project Type,Methodology,Total Vintage Quantity,Quantity Issued,Serial Number,"
            + "Additional Certifications,Retirement/Cancellation Date,Retirement Beneficiary,Retirement Reason,"
            + "Retirement Details";
    public static final String GOLD_STANDARD_HEADER = "Vintage,Credit Status,Quantity,GSID,Project Name,"
            + "Project Developer,Country,Product Type,Project Type,Methodology,Programme of Activities,POA GSID,"
            + "Issuance Date,Retirement Date,Monitoring Period Start,Monitoring Period End,Serial Number,Note,"
            + "Aeroplane Operator Name,Label,Use Case,Using Entity,Article Six Authorization";

    /** One row as the registry should import it. */
    public record Expected(String serials, long quantity, String status, String projectId, String country) {
    }

    public record Export(String csv, List<Expected> rows) {
    }

    private record Place(String country, String iso) {
    }

    private static final Place[] PLACES = {new Place("Brazil", "BR"), new Place("Viet Nam", "VN"),
            new Place("Ethiopia", "ET"), new Place("\"Congo, The Democratic Republic of the\"", "CD"),
            new Place("Côte d'Ivoire", "CI")};

    private ExportFiles() {
    }

    /** {@code blocks} issuances of Verra VCUs numbered from {@code base}; every 7th split into two rows. */
    public static Export verra(int blocks, long base, long seed) {
        var random = new Random(seed);
        var csv = new StringBuilder(VERRA_HEADER).append('\n');
        var rows = new ArrayList<Expected>();
        long next = base;
        long projectBase = 100_000 + Math.floorMod(base, 800_000);
        for (int i = 0; i < blocks; i++) {
            long project = projectBase + i % 4;
            Place place = PLACES[(int) (project % PLACES.length)];
            int year = 2015 + i % 8;
            long quantity = 5 + random.nextInt(500);
            boolean arr = project % 2 == 0;
            String[] split = i % 7 == 3 ? new String[]{"retired", "issued"} : new String[]{status(i)};
            long front = split.length == 2 ? 1 + quantity / 3 : quantity;
            long first = next;
            for (int part = 0; part < split.length; part++) {
                long partQuantity = part == 0 ? front : quantity - front;
                long last = first + partQuantity - 1;
                String serials = (20_000 + i) + "-" + first + "-" + last + "-VCS-VCU-1507-VER-" + place.iso()
                        + "-14-" + project + "-0101" + year + "-3112" + year + "-" + (i % 2);
                String state = split[part];
                csv.append(year + 1).append("-03-0").append(1 + i % 9).append(",,")
                        .append(year).append("-01-01,").append(year).append("-12-31,")
                        .append(project).append(",").append(arr ? "Amazon ARR project " : "Bale REDD+ project ")
                        .append(project).append(',').append(place.country()).append(',')
                        .append(arr ? "Agriculture Forestry and Other Land Use" :
                                "\"Energy industries (renewable/non-renewable sources); Waste handling and disposal\"")
                        .append(',').append(arr ? "VM0047" : "VM0015").append(",\"")
                        .append(String.format("%,d", quantity * 10)).append("\",\"")
                        .append(String.format("%,d", partQuantity)).append("\",").append(serials)
                        .append(",CCB-No Distinction,");
                switch (state) {
                    case "retired" -> csv.append(year + 2).append("-06-15,ACME GmbH,Environmental Benefit,")
                            .append("\"Retired on behalf of ACME GmbH, for its ").append(year + 1)
                            .append(" emissions.\"");
                    case "cancelled" -> csv.append(year + 2).append("-07-01,,Cancellation - Other,");
                    default -> csv.append(",,,");
                }
                csv.append('\n');
                rows.add(new Expected(serials, partQuantity, state, Long.toString(project), place.iso()));
                first = last + 1;
            }
            next = first + random.nextInt(3);
        }
        return new Export(csv.toString(), rows);
    }

    /** {@code blocks} Gold Standard issuances, each its own block number from {@code base}. */
    public static Export goldStandard(int blocks, long base, long seed) {
        var random = new Random(seed);
        var csv = new StringBuilder(GOLD_STANDARD_HEADER).append('\n');
        var rows = new ArrayList<Expected>();
        long gsBase = 20_000 + Math.floorMod(base, 800_000);
        for (int i = 0; i < blocks; i++) {
            long gsid = gsBase + i % 3;
            Place place = PLACES[(int) (gsid % PLACES.length)];
            int year = 2016 + i % 7;
            long quantity = 5 + random.nextInt(5_000);
            long block = base + i;
            String[] split = i % 7 == 3 ? new String[]{"retired", "issued"} : new String[]{status(i)};
            long front = split.length == 2 ? 1 + quantity / 4 : quantity;
            long first = 1;
            for (int part = 0; part < split.length; part++) {
                long partQuantity = part == 0 ? front : quantity - front;
                long last = first + partQuantity - 1;
                String serials = "GS1-1-" + place.iso() + "-GS" + gsid + "-16-" + year + "-" + block + "-" + first
                        + "-" + last;
                String state = split[part];
                boolean ar = gsid % 2 == 0;
                csv.append(year).append(',').append(switch (state) {
                            case "retired" -> "Retired";
                            case "cancelled" -> "Canceled";
                            default -> "Issued";
                        }).append(',').append(partQuantity).append(',').append(gsid).append(',')
                        .append(ar ? "Miombo restoration " : "Efficient cookstoves ").append(gsid)
                        .append(",Example Developer Ltd,").append(place.country()).append(",VER,")
                        .append(ar ? "Afforestation/Reforestation" : "Energy Efficiency - Domestic").append(',')
                        .append(ar ? "GS A/R Requirements" : "GS TPDDTEC v3.1").append(",VPA,").append(gsid - 1)
                        .append(".0,").append(year + 1).append("-03-31,")
                        .append(state.equals("retired") ? (year + 2) + "-04-10" : "").append(',')
                        .append(year).append("-01-01,").append(year).append("-12-31,").append(serials).append(',')
                        .append(state.equals("retired") ? "\"Retirement on behalf of Hilti Corporation for the\n"
                                + "compensation of its business travel.\"" : "")
                        .append(",,Emission Reduction,").append(state.equals("retired") ? "Voluntary" : "")
                        .append(',').append(state.equals("retired") ? "Hilti Corporation" : "")
                        .append(",Not Applicable\n");
                rows.add(new Expected(serials, partQuantity, state, "GS" + gsid, place.iso()));
                first = last + 1;
            }
        }
        return new Export(csv.toString(), rows);
    }

    private static String status(int i) {
        return i % 5 == 1 ? "retired" : i % 11 == 5 ? "cancelled" : "issued";
    }
}
