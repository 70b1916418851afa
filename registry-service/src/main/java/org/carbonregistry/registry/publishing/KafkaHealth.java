package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Whether the broker answers. Commands are still accepted while it does not (the event store is the outbox),
 * but readiness says so, and an operator sees why events stop reaching the ledger and reports.
 */
@Component("kafka")
class KafkaHealth implements HealthIndicator, DisposableBean {

    private final Admin admin;

    KafkaHealth(@Value("${registry.kafka.bootstrap-servers}") String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000));
    }

    @Override
    public Health health() {
        try {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000));
            int brokers = cluster.nodes().get(3, TimeUnit.SECONDS).size();
            return Health.up().withDetail("brokers", brokers).withDetail("clusterId", cluster.clusterId().get()).build();
        } catch (Exception e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
