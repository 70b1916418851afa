package org.carbonregistry.registry.imports;

import org.carbonregistry.events.ProjectCategory;
import org.carbonregistry.events.RemovalSink;

import java.time.LocalDate;

/**
 * One row of a programme's export, read and checked: a block of credits of one project and vintage, with the
 * programme's serial range for it and what became of it there.
 */
record ExportRow(String projectExternalId, String projectName, String country, String methodology,
                 String projectType, ProjectCategory category, RemovalSink removalSink, LocalDate vintageStart,
                 LocalDate vintageEnd, long quantity, ExternalRange range, Status status, LocalDate retiredOn,
                 String beneficiary, String reason) {

    enum Status { ISSUED, RETIRED, CANCELLED }

    /**
     * A programme's serial range: the whole string as the programme prints it, the series its numbers count in
     * and the first and last number. Two ranges of one source and series that share a number are the same credits.
     */
    record ExternalRange(String serials, String series, long first, long last) {

        long quantity() {
            return last - first + 1;
        }
    }
}
