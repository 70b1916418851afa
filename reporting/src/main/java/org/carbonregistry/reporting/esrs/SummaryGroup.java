package org.carbonregistry.reporting.esrs;

import java.time.LocalDate;

/**
 * Retired tonnes of retirements that share every attribute a split of the report looks at. Attributes are null
 * where the batch or project has not been projected.
 *
 * @param labels the batch's labels as projected (comma-separated, empty for none)
 */
public record SummaryGroup(String category, String removalSink, String standard, String projectCountry,
                           Boolean correspondingAdjustment, LocalDate vintageStart, LocalDate vintageEnd,
                           String projectType, String labels, long tonnes, long retirements) {
}
