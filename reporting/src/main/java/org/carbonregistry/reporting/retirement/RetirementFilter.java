package org.carbonregistry.reporting.retirement;

import java.time.Instant;
import java.util.Map;

/**
 * Which retirements a report or list covers.
 *
 * @param accountId     the retiring account, or null for every account
 * @param reportingYear the year the retirement is claimed for, or null for every year
 * @param asOf          only retirements that had happened by then, or null for all projected
 * @param watermark     only events applied below these offsets: partition -> next offset (see SourcePosition)
 */
public record RetirementFilter(String accountId, Integer reportingYear, Instant asOf, Map<Integer, Long> watermark) {
}
