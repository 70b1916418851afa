package org.carbonregistry.reporting.projection;

/** How many rows the projection holds: its events, accounts, projects, batches, retirements, anomalies, quarantine. */
public record ProjectionCounts(long events, long accounts, long projects, long batches, long retirements,
                               long anomalies, long quarantined) {

    /** The counts row that no partition's writer adds to: what was there before counting, 0 after a reset. */
    static final int BASELINE = -1;
    static final String COLUMNS = "events, accounts, projects, batches, retirements, anomalies, quarantined,"
            + " kafka_partition";
    static final String INSERT = "INSERT INTO rpt_projection_counts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final ProjectionCounts NONE = new ProjectionCounts(0, 0, 0, 0, 0, 0, 0);

    /** The rows {@code changes} adds when written. */
    static ProjectionCounts addedBy(ProjectionChanges changes) {
        return new ProjectionCounts(changes.events().size(), changes.accounts().size(), changes.projects().size(),
                changes.batches().stream().filter(batch -> !batch.persisted()).count(), changes.retirements().size(),
                changes.anomalies().size(), changes.quarantined().size());
    }

    /** The parameters of {@link #INSERT}, and of an update that adds these counts to the row of {@code partition}. */
    Object[] parameters(int partition) {
        return new Object[] {events, accounts, projects, batches, retirements, anomalies, quarantined, partition};
    }
}
