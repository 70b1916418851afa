package org.carbonregistry.reporting.esrs;

import java.time.LocalDate;

/**
 * Retired tonnes of retirements that share every attribute a split of the report looks at. Attributes are null
 * where the batch or project has not been projected.
 *
 * @param labels      the batch's labels as projected (comma-separated, empty for none)
 * @param invalidated the batch was invalidated: the tonnes stay retired, the claims resting on them need replacing
 */
public record SummaryGroup(String category, String removalSink, String standard, String projectCountry,
                           Boolean correspondingAdjustment, LocalDate vintageStart, LocalDate vintageEnd,
                           String projectType, String labels, boolean invalidated, long tonnes, long retirements) {
}
