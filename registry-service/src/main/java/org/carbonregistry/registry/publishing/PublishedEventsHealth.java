package org.carbonregistry.registry.publishing;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * DOWN while a stored event older than the gap timeout is missing from {@code registry.events}, naming the first
 * ones; the same in every instance, since the findings are in the database. Not part of readiness: the instance
 * itself still serves, and the operator has to act.
 */
@Component("publishedEvents")
class PublishedEventsHealth implements HealthIndicator {

    private final PublishedEventsReconciliation reconciliation;

    PublishedEventsHealth(PublishedEventsReconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @Override
    public Health health() {
        PublishedEventsReconciliation.Status status = reconciliation.status();
        Health.Builder health = (status.unpublished() == 0 ? Health.up() : Health.down())
                .withDetail("unpublished", status.unpublished())
                .withDetail("checkedUpToGlobalIndex", status.checkedUpTo());
        if (status.unpublished() > 0) {
            health.withDetail("first", status.first());
        }
        if (status.lastRunAt() != null) {
            health.withDetail("lastRunAt", status.lastRunAt().toString());
        }
        if (status.lastError() != null) {
            health.withDetail("lastError", status.lastError());
        }
        return health.build();
    }
}
