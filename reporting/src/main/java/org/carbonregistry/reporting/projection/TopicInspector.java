package org.carbonregistry.reporting.projection;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Asks the broker about the topic: its id (which changes when it is re-created) and its end offsets. */
public class TopicInspector implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrapServers;
    private Admin admin;

    public TopicInspector(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The topic's description, or empty if it does not exist yet. */
    public Optional<TopicDescription> describe(String topic) throws KafkaUnavailable {
        try {
            return Optional.of(admin().describeTopics(java.util.List.of(topic)).topicNameValues().get(topic)
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new KafkaUnavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(e);
        }
    }

    /** partition -> end offset (the offset the next record will get), empty if the topic does not exist. */
    public Map<Integer, Long> endOffsets(String topic) throws KafkaUnavailable {
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> request = description.get().partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer = admin().listOffsets(request).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return answer.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().partition(),
                    e -> e.getValue().offset(), (a, b) -> a, TreeMap::new));
        } catch (ExecutionException e) {
            throw new KafkaUnavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailable(e);
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties config = new Properties();
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(AdminClientConfig.CLIENT_ID_CONFIG, "reporting-inspector-" + Integer.toHexString(System.identityHashCode(this)));
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }

    /** The broker could not be asked (down, unreachable, or too slow). */
    public static final class KafkaUnavailable extends Exception {
        KafkaUnavailable(Throwable cause) {
            super(cause == null ? "Kafka unavailable" : cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }

}
