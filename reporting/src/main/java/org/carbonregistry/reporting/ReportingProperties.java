package org.carbonregistry.reporting;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;

/**
 * Settings under {@code reporting.*}; application.yml maps them from the environment ({@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code REGISTRY_EVENTS_TOPIC}, {@code REGISTRY_URL}, {@code LEDGER_URL}, {@code REPORTING_KEY_CACHE_TTL},
 * {@code REPORTING_SERVICE_KEY}, {@code REGISTRY_VERIFIER_KEYS}, {@code LEDGER_PUBLIC_KEY}).
 *
 * @param registryUrl          where API keys are checked ({@code POST /api/auth/introspect}) and the registry's key
 *                             is fetched ({@code GET /api/registry-key}) when not configured
 * @param ledgerUrl            the ledger-anchor service whose inclusion proofs certificates cite
 * @param keyCacheTtl          how long an introspection answer is trusted, so a revoked key works at most this long
 * @param serviceKey           reporting's own key (role SERVICE), presented to the registry's introspection endpoint
 * @param registryVerifierKeys comma-separated registry keys whose envelope signatures are accepted; blank: pinned
 * @param ledgerPublicKey      the ledger's note verifier key for checkpoint signatures; blank: pinned
 */
@ConfigurationProperties("reporting")
public record ReportingProperties(Kafka kafka, URI registryUrl, URI ledgerUrl, Duration keyCacheTtl, String serviceKey,
                                  String registryVerifierKeys, String ledgerPublicKey) {

    /**
     * @param personalDataTopic the compacted topic of retirements' personal data
     * @param consume           false leaves the projection as it is (for a read-only replica of the reports, or tests)
     * @param groupId           the consumer group the reporting instances over one database share the partitions in
     * @param sessionTimeout    how long the group waits for a silent instance before giving its partitions to others
     * @param instanceId        this instance's name in logs, the status and the group's client id; blank: host and pid
     * @param fetchMinBytes     the broker holds a fetch until this much is there or {@code fetchMaxWait} passed, so a
     *                          poll under load carries many events for one transaction; unset: Kafka's default, 1
     * @param fetchMaxWait      ... and an event waits at most this long; unset: Kafka's default, 500 ms
     */
    public record Kafka(String bootstrapServers, String topic, String personalDataTopic, int maxPollRecords,
                        Duration pollTimeout, boolean consume, String groupId, Duration sessionTimeout,
                        String instanceId, int fetchMinBytes, Duration fetchMaxWait) {

        public Kafka {
            fetchMinBytes = Math.max(1, fetchMinBytes);
            fetchMaxWait = fetchMaxWait == null ? Duration.ofMillis(500) : fetchMaxWait;
            groupId = groupId == null || groupId.isBlank() ? "reporting" : groupId;
            sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(10) : sessionTimeout;
            instanceId = instanceId == null || instanceId.isBlank() ? defaultInstanceId() : instanceId;
        }

        private static String defaultInstanceId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid();
        }
    }
}
