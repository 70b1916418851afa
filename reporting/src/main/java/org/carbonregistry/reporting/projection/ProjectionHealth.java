package org.carbonregistry.reporting.projection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code projection} in {@code /actuator/health} and its readiness group: DOWN while a partition is stopped because
 * records it needed were deleted (the reports would miss them), with the topic, partition and offsets as detail.
 */
@Component("projection")
class ProjectionHealth implements HealthIndicator {

    private final ObjectProvider<RegistryEventsConsumer> consumer;

    ProjectionHealth(ObjectProvider<RegistryEventsConsumer> consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        RegistryEventsConsumer running = consumer.getIfAvailable();
        if (running == null) {
            return Health.up().withDetail("consumer", "disabled (reporting.kafka.consume=false)").build();
        }
        RegistryEventsConsumer.Status status = running.status();
        if (!status.stoppedPartitions().isEmpty()) {
            return Health.down()
                    .withDetail("reason", status.stoppedPartitions().get(0).reason())
                    .withDetail("stoppedPartitions", status.stoppedPartitions())
                    .build();
        }
        return Health.up().withDetail("consumer", status.state()).withDetail("quarantined", status.quarantined()).build();
    }
}
