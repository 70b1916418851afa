package org.carbonregistry.registry.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.carbonregistry.events.RetirementPersonalData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the registry's two topics if they are missing, and sets their guarantees on them either way (a topic
 * auto-created by a first send, or made by an older version, gets them too):
 * <ul>
 *     <li>{@code registry.events}: kept forever, replicated {@link #replication} times with
 *     {@code min.insync.replicas} 2 when that is 3 or more, and large enough for the largest envelope the registry
 *     accepts;</li>
 *     <li>{@code registry.personal-data}: compacted, so an erased retirement's text is gone from the topic once
 *     its tombstone has been compacted and {@code delete.retention.ms} has passed.</li>
 * </ul>
 * Kafka may be down at start (commands are still accepted): then it tries again in the background until it has
 * succeeded once.
 */
@Component
class RegistryTopics {

    /** Room for the record batch, key and headers around the largest envelope. */
    static final int RECORD_OVERHEAD_BYTES = 4096;
    private static final Logger log = LoggerFactory.getLogger(RegistryTopics.class);

    private final String bootstrapServers;
    private final String eventsTopic;
    private final int eventsPartitions;
    private final int maxEventBytes;
    private final int personalDataPartitions;
    private final short configuredReplication;
    private final Map<String, String> personalDataTuning;
    private volatile boolean ensured;

    RegistryTopics(@Value("${registry.kafka.bootstrap-servers}") String bootstrapServers,
                   @Value("${registry.kafka.topic}") String eventsTopic,
                   @Value("${registry.kafka.events-partitions:3}") int eventsPartitions,
                   @Value("${registry.max-event-bytes:65535}") int maxEventBytes,
                   @Value("${registry.personal-data.partitions:3}") int personalDataPartitions,
                   @Value("${registry.kafka.replication-factor:0}") short configuredReplication,
                   @Value("${registry.personal-data.segment-ms:}") String segmentMs,
                   @Value("${registry.personal-data.min-cleanable-dirty-ratio:}") String minCleanableDirtyRatio,
                   @Value("${registry.personal-data.delete-retention-ms:}") String deleteRetentionMs) {
        this.bootstrapServers = bootstrapServers;
        this.eventsTopic = eventsTopic;
        this.eventsPartitions = eventsPartitions;
        this.maxEventBytes = maxEventBytes;
        this.personalDataPartitions = personalDataPartitions;
        this.configuredReplication = configuredReplication;
        Map<String, String> tuning = new LinkedHashMap<>();
        putIfSet(tuning, TopicConfig.SEGMENT_MS_CONFIG, segmentMs);
        putIfSet(tuning, TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, minCleanableDirtyRatio);
        putIfSet(tuning, TopicConfig.DELETE_RETENTION_MS_CONFIG, deleteRetentionMs);
        this.personalDataTuning = Map.copyOf(tuning);
    }

    @EventListener(ApplicationReadyEvent.class)
    void ensureOnStart() {
        Thread retrying = new Thread(() -> {
            while (!ensured) {
                try {
                    ensure();
                } catch (Exception e) {
                    log.warn("cannot create or configure the registry's topics yet ({}); trying again in 5 s",
                            e.getMessage());
                    try {
                        TimeUnit.SECONDS.sleep(5);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }, "registry-topics");
        retrying.setDaemon(true);
        try {
            ensure();
        } catch (Exception e) {
            log.warn("cannot create or configure the registry's topics now ({}); retrying in the background",
                    e.getMessage());
            retrying.start();
        }
    }

    /** Whether both topics have been created or configured since this process started. */
    boolean ensured() {
        return ensured;
    }

    synchronized void ensure() throws ExecutionException, InterruptedException {
        if (ensured) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            short replication = replication(admin);

            Map<String, String> events = new LinkedHashMap<>();
            events.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            events.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxEventBytes + RECORD_OVERHEAD_BYTES));
            if (replication >= 3) {
                events.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
            }
            ensureTopic(admin, eventsTopic, eventsPartitions, replication, events);

            Map<String, String> personalData = new LinkedHashMap<>(personalDataTuning);
            personalData.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            if (replication >= 3) {
                personalData.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
            }
            ensureTopic(admin, RetirementPersonalData.TOPIC, personalDataPartitions, replication, personalData);
            ensured = true;
        }
    }

    /**
     * The configured {@code registry.kafka.replication-factor}, else three where the cluster has three brokers,
     * or more if the cluster's own {@code default.replication.factor} says so. Live brokers alone would not do: a
     * three-node cluster with one node down at the registry's start would get its topics with two replicas for
     * good. If fewer brokers are up than the replication asks for, creating fails and is retried.
     */
    private short replication(Admin admin) throws ExecutionException, InterruptedException {
        if (configuredReplication > 0) {
            return configuredReplication;
        }
        var nodes = admin.describeCluster().nodes().get();
        int clusterDefault = 1;
        if (!nodes.isEmpty()) {
            var broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            ConfigEntry entry = admin.describeConfigs(List.of(broker)).all().get().get(broker)
                    .get("default.replication.factor");
            if (entry != null && entry.value() != null) {
                clusterDefault = Integer.parseInt(entry.value());
            }
        }
        return (short) Math.max(clusterDefault, Math.min(3, nodes.size()));
    }

    private static void ensureTopic(Admin admin, String topic, int partitions, short replication,
                                    Map<String, String> config) throws ExecutionException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(config))).all().get();
            log.info("created topic {} ({} partitions, replication {}, {})", topic, partitions, replication, config);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Existing topic: partitions and replicas are the operator's, but the guarantees are set.
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            List<AlterConfigOp> ops = config.entrySet().stream()
                    .map(c -> new AlterConfigOp(new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get();
        }
    }

    private static void putIfSet(Map<String, String> config, String name, String value) {
        if (value != null && !value.isBlank()) {
            config.put(name, value.strip());
        }
    }
}
