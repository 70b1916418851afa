package org.carbonregistry.reporting.plan;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * ESRS E1-7's credits "planned to be cancelled in the future": for reporting year Y, the retirement plans for a year
 * after Y that had not been withdrawn as of the report (its {@code asOf}, or the projection as it stands), with how
 * many tonnes rest on existing contractual agreements. {@code plans} is null where the report leaves the individual
 * plans out (the public registry-wide report).
 */
public record PlannedRetirements(long totalTonnes, long basedOnExistingContractsTonnes, List<Plan> plans) {

    public record Plan(String planId, UUID eventId, String accountId, long quantity, int plannedYear,
                       boolean basedOnExistingContracts, Instant plannedAt) {
    }

    public static PlannedRetirements of(List<Plan> plans, boolean listed) {
        long total = plans.stream().mapToLong(Plan::quantity).sum();
        long contracted = plans.stream().filter(Plan::basedOnExistingContracts).mapToLong(Plan::quantity).sum();
        return new PlannedRetirements(total, contracted, listed ? List.copyOf(plans) : null);
    }
}
