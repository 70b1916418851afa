package org.carbonregistry.ledger;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The ledger's settings ({@code ledger.*}); application.yml maps the documented environment variables
 * (LEDGER_ORIGIN, LEDGER_SIGNING_KEY, LEDGER_WITNESSES, LEDGER_CHECKPOINT_DIR, ...) onto them.
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(
        @DefaultValue("carbon-registry.local/ledger") String origin,
        @DefaultValue("./data/ledger/signing-key.pem") Path signingKey,
        @DefaultValue Kafka kafka,
        @DefaultValue Checkpoints checkpoint,
        @DefaultValue Sequencer sequencer,
        @DefaultValue Witness witness,
        @DefaultValue Api api,
        @DefaultValue Registry registry,
        @DefaultValue Access access) {

    /**
     * @param fetchMinBytes the broker holds a fetch until this much is there or {@code fetchMaxWait} passed: under load
     *                      one poll then carries many events (one transaction for all), at a low rate an event waits
     *                      at most {@code fetchMaxWait}
     */
    public record Kafka(@DefaultValue("127.0.0.1:9092") String bootstrapServers,
                        @DefaultValue("registry.events") String topic,
                        @DefaultValue("ledger-anchor") String groupId,
                        @DefaultValue("5000") int maxPollRecords,
                        @DefaultValue("100ms") Duration pollTimeout,
                        @DefaultValue("262144") int fetchMinBytes,
                        @DefaultValue("250ms") Duration fetchMaxWait) {
    }

    /** Seal every {@code interval} and every {@code maxLeaves} leaves; write each to {@code directory} if set. */
    public record Checkpoints(@DefaultValue("2s") Duration interval,
                              @DefaultValue("10000") long maxLeaves,
                              @DefaultValue("") String directory) {
    }

    /**
     * @param enabled    false for a read-only proof replica that never sequences
     * @param instanceId this instance's name in the lease row (default: host name and a random suffix)
     */
    public record Sequencer(@DefaultValue("true") boolean enabled,
                            @DefaultValue("10s") Duration leaseDuration,
                            @DefaultValue("2s") Duration renewInterval,
                            @DefaultValue("") String instanceId) {
    }

    /**
     * @param witnesses comma-separated {@code name=url=vkey} entries (see README)
     * @param quorum    the published policy's quorum: none, any, all or a number of witnesses; blank is any with
     *                  witnesses, none without
     */
    public record Witness(@DefaultValue("") String witnesses,
                          @DefaultValue("") String quorum,
                          @DefaultValue("10s") Duration timeout,
                          @DefaultValue("1s") Duration retryMin,
                          @DefaultValue("60s") Duration retryMax) {
    }

    /**
     * Whose signatures make a record a leaf.
     *
     * @param verifierKeys   comma-separated registry verifier keys ({@code REGISTRY_VERIFIER_KEYS}); blank: the key
     *                       pinned in the database, else fetched once from {@code url} and pinned
     * @param url            registry-service base URL ({@code REGISTRY_URL}), serving {@code /api/registry-key}
     * @param fetchTimeout   timeout of that request
     */
    public record Registry(@DefaultValue("") String verifierKeys,
                           @DefaultValue("http://127.0.0.1:8080") String url,
                           @DefaultValue("5s") Duration fetchTimeout) {
    }

    /**
     * Who may read the actuator beyond the health status: keys checked at {@code registry.url}'s
     * {@code POST /api/auth/introspect}.
     *
     * @param serviceKey  the ledger's own key with role SERVICE ({@code LEDGER_SERVICE_KEY}), presented to the registry
     * @param keyCacheTtl how long an answer is trusted ({@code LEDGER_KEY_CACHE_TTL}): a revoked key works at most this
     *                    long
     */
    public record Access(@DefaultValue("") String serviceKey,
                         @DefaultValue("30s") Duration keyCacheTtl) {
    }

    /** @param tileCache full tlog-tiles kept in memory once served ({@code LEDGER_TILE_CACHE}), 0 for none */
    public record Api(@DefaultValue("1000") int maxLeavesPerPage,
                      @DefaultValue("10000") int maxNodesPerPage,
                      @DefaultValue("1000") int maxCheckpointsPerPage,
                      @DefaultValue("1") int retryAfterSeconds,
                      @DefaultValue("64MB") DataSize tileCache) {
    }
}
