package org.carbonregistry.reporting;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Settings under {@code reporting.*}; application.yml maps them from the environment ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code REGISTRY_EVENTS_TOPIC}, {@code REGISTRY_URL}, {@code LEDGER_URL}, {@code REPORTING_KEY_CACHE_TTL}).
 *
 * @param registryUrl where API keys are checked ({@code POST /api/auth/introspect})
 * @param ledgerUrl   the ledger-anchor service whose inclusion proofs certificates cite
 * @param keyCacheTtl how long an introspection answer is trusted, so a revoked key works at most this long
 */
@ConfigurationProperties("reporting")
public record ReportingProperties(Kafka kafka, URI registryUrl, URI ledgerUrl, Duration keyCacheTtl) {

    /**
     * @param consume false leaves the projection as it is (for a read-only replica of the reports, or tests)
     */
    public record Kafka(String bootstrapServers, String topic, int maxPollRecords, Duration pollTimeout,
                        boolean consume) {
    }
}
