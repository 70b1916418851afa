package org.carbonregistry.ledger.sequencer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.storage.OffsetStore.TopicPartitionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The sequencer's thread: waits for the lease, then consumes the topic and hands each poll's records to the
 * {@link LedgerWriter} as one transaction.
 *
 * <p>Kafka's committed offsets are not the truth: the consumer assigns itself every partition of the topic
 * (the lease already guarantees a single consumer, and explicit assignment lets a standby take over without
 * waiting for a group rebalance) and seeks each to the next offset stored in the database. After any failure it
 * closes the consumer, reloads the writer from the database and seeks again, so records of a rolled-back batch
 * are read again. Offsets are also committed to the {@code group.id} in Kafka after each database commit, only
 * so that the usual tools show the lag.
 *
 * <p>It consumes only once the registry's keys are known ({@link TrustedRegistryKeys}), and never skips: with
 * {@code auto.offset.reset=none}, a partition whose next offset is gone from the broker (retention, a recreated topic)
 * is paused and reported ({@link StoppedPartition}, readiness DOWN) instead of being reset to what is there.
 */
public final class KafkaSequencer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaSequencer.class);
    private static final Duration KAFKA_CHECK_INTERVAL = Duration.ofSeconds(5);
    private static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final LedgerWriter writer;
    private final SequencerLease lease;
    private final KafkaSettings kafka;
    private final Duration renewInterval;
    private final LedgerMetrics metrics;
    private final Clock clock;
    private final TrustedRegistryKeys registryKeys;
    private final Map<TopicPartition, StoppedPartition> stopped = new ConcurrentHashMap<>();

    private final Object sleeper = new Object();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile LeaseGrant grant;
    private volatile boolean kafkaReachable;
    private volatile long lag = -1;
    private volatile Instant lastPoll;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile int consecutiveFailures;
    private int registryKeyAttempts;
    private volatile List<Integer> partitions = List.of();
    private boolean writerNeedsReload;
    private long lastRenewMillis;
    private long lastKafkaCheckMillis;
    private long lastOffsetCommitMillis;

    public KafkaSequencer(LedgerWriter writer, SequencerLease lease, KafkaSettings kafka, Duration renewInterval,
                          LedgerMetrics metrics, Clock clock, TrustedRegistryKeys registryKeys) {
        this.writer = writer;
        this.lease = lease;
        this.kafka = kafka;
        this.renewInterval = renewInterval;
        this.metrics = metrics;
        this.clock = clock;
        this.registryKeys = registryKeys;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "ledger-sequencer");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        // Never interrupt the thread: an interrupt during file I/O closes an H2 file database.
        Thread sequencerThread = thread;
        if (sequencerThread != null) {
            try {
                sequencerThread.join(Duration.ofSeconds(20).toMillis());
            } catch (InterruptedException e) {
                // Only stop() wakes the sequencer; the loop checks running.
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server and the database go away. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    public SequencerStatus status() {
        LeaseGrant held = grant;
        return new SequencerStatus(held == null ? "STANDBY" : "SEQUENCER", lease.holder(), held == null ? 0 : held.epoch(),
                writer.treeSize(), partitions, kafkaReachable, lag, lastPoll, lastError, lastErrorAt, consecutiveFailures,
                held == null ? null : registryKeys.problem(),
                stopped.values().stream().sorted(Comparator.comparing(StoppedPartition::topic)
                        .thenComparingInt(StoppedPartition::partition)).toList());
    }

    private void run() {
        while (running) {
            try {
                if (grant == null && !acquire()) {
                    pause(renewInterval);
                    continue;
                }
                if (writerNeedsReload) {
                    writer.open(grant);
                    writerNeedsReload = false;
                }
                if (registryKeys.current().isEmpty() && !resolveRegistryKeys()) {
                    continue;
                }
                if (consumer == null && !openConsumer()) {
                    pause(Duration.ofSeconds(1));
                    continue;
                }
                step();
                consecutiveFailures = 0;
            } catch (LeaseLostException e) {
                log.warn("stepping down: {}", e.getMessage());
                stepDown(false);
            } catch (WakeupException | InterruptException e) {
                if (running) {
                    failed(e);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
        stepDown(true);
    }

    private void renewIfDue() {
        long now = clock.millis();
        if (now - lastRenewMillis >= renewInterval.toMillis()) {
            if (!lease.renew(grant)) {
                throw new LeaseLostException("the sequencer lease of epoch " + grant.epoch() + " was taken over");
            }
            lastRenewMillis = now;
        }
    }

    private void step() {
        renewIfDue();
        long now = clock.millis();
        if (now - lastKafkaCheckMillis >= KAFKA_CHECK_INTERVAL.toMillis()) {
            checkKafka();
            lastKafkaCheckMillis = now;
        }
        ConsumerRecords<byte[], byte[]> polled;
        try {
            polled = consumer.poll(kafka.pollTimeout());
        } catch (OffsetOutOfRangeException gone) {
            stop(gone.offsetOutOfRangePartitions());
            return;
        }
        lastPoll = clock.instant();
        if (!polled.isEmpty()) {
            List<IncomingRecord> records = new ArrayList<>(polled.count());
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                records.add(new IncomingRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                        header(record, SignedEnvelope.SIGNATURE_HEADER), header(record, SignedEnvelope.KEY_ID_HEADER)));
            }
            writer.append(records);
            lastRenewMillis = clock.millis();
            commitOffsetsForTools();
        }
        if (writer.sealIfDue().isPresent()) {
            lastRenewMillis = clock.millis();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Resolves the trusted registry keys; on failure readiness names the reason and the loop retries with backoff. */
    private boolean resolveRegistryKeys() {
        try {
            registryKeys.resolve();
            log.info("trusting registry keys {} ({})", registryKeys.current().orElseThrow().trustedKeys().stream()
                    .map(key -> key.encode()).toList(), registryKeys.source());
            registryKeyAttempts = 0;
            return true;
        } catch (RuntimeException e) {
            registryKeyAttempts++;
            log.warn("{} (attempt {})", e.getMessage(), registryKeyAttempts);
            // Keeps the lease while waiting, so that the role does not flap; the pause never outlasts a renewal.
            renewIfDue();
            pause(Duration.ofMillis(Math.min(renewInterval.toMillis(), 250L << Math.min(registryKeyAttempts, 6))));
            return false;
        }
    }

    /** Pauses partitions whose next offset is not on the broker, and says so. */
    private void stop(Map<TopicPartition, Long> expectedOffsets) {
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(expectedOffsets.keySet(), KAFKA_CALL_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(expectedOffsets.keySet(), KAFKA_CALL_TIMEOUT);
        expectedOffsets.forEach((partition, expected) -> stop(partition, expected, earliest.getOrDefault(partition, -1L),
                ends.getOrDefault(partition, -1L)));
    }

    private void stop(TopicPartition partition, long expected, long earliest, long end) {
        StoppedPartition gone = new StoppedPartition(partition.topic(), partition.partition(), expected, earliest, end);
        consumer.pause(List.of(partition));
        if (stopped.put(partition, gone) == null) {
            log.error("stopped consuming {}; nothing more is appended from it until an operator restores the records or"
                    + " moves ledger_kafka_offset on deliberately (see README, retention)", gone.reason());
        }
        metrics.stoppedPartitions(stopped.size());
    }

    private boolean acquire() {
        Optional<LeaseGrant> acquired = lease.tryAcquire();
        if (acquired.isEmpty()) {
            return false;
        }
        try {
            writer.open(acquired.get());
        } catch (RuntimeException e) {
            lease.release(acquired.get());
            throw e;
        }
        grant = acquired.get();
        writerNeedsReload = false;
        lastRenewMillis = clock.millis();
        log.info("this instance ({}) is now the sequencer, lease epoch {}", lease.holder(), grant.epoch());
        writer.notifyStarted();
        return true;
    }

    /** Creates the consumer, assigns every partition of the topic and seeks each to its stored offset. */
    private boolean openConsumer() {
        KafkaConsumer<byte[], byte[]> created = new KafkaConsumer<>(consumerProperties());
        List<PartitionInfo> infos;
        try {
            infos = created.partitionsFor(kafka.topic(), KAFKA_CALL_TIMEOUT);
        } catch (RuntimeException e) {
            created.close(Duration.ZERO);
            kafkaReachable = false;
            throw e;
        }
        if (infos == null || infos.isEmpty()) {
            created.close(Duration.ZERO);
            log.info("topic {} has no partitions yet; waiting for it", kafka.topic());
            return false;
        }
        consumer = created;
        kafkaReachable = true;
        stopped.clear();
        metrics.stoppedPartitions(0);
        assign(infos);
        return true;
    }

    private void assign(List<PartitionInfo> infos) {
        List<TopicPartition> assigned = infos.stream().map(info -> new TopicPartition(info.topic(), info.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList();
        Set<TopicPartition> previous = new HashSet<>(consumer.assignment());
        consumer.assign(assigned);
        Map<TopicPartitionKey, Long> positions = writer.positions();
        List<TopicPartition> added = assigned.stream().filter(partition -> !previous.contains(partition)).toList();
        // A partition never read starts at 0, not at its beginning: records already deleted there are missing too.
        Map<TopicPartition, Long> earliest = consumer.beginningOffsets(added, KAFKA_CALL_TIMEOUT);
        Map<TopicPartition, Long> ends = consumer.endOffsets(added, KAFKA_CALL_TIMEOUT);
        for (TopicPartition partition : added) {
            long next = positions.getOrDefault(new TopicPartitionKey(partition.topic(), partition.partition()), 0L);
            long first = earliest.getOrDefault(partition, 0L);
            long end = ends.getOrDefault(partition, Long.MAX_VALUE);
            // Seeking first gives a stopped (paused) partition a position, so the consumer never tries to reset it.
            consumer.seek(partition, next);
            if (next < first || next > end) {
                stop(partition, next, first, end);
            }
        }
        partitions = assigned.stream().map(TopicPartition::partition).toList();
        log.info("consuming {} partitions {} from the offsets stored in the database", kafka.topic(), partitions);
    }

    /** Picks up new partitions and measures lag; a broker that does not answer only marks Kafka unreachable. */
    private void checkKafka() {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(kafka.topic(), KAFKA_CALL_TIMEOUT);
            if (infos != null && infos.size() != consumer.assignment().size()) {
                assign(infos);
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), KAFKA_CALL_TIMEOUT);
            Map<TopicPartitionKey, Long> positions = writer.positions();
            long behind = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                long next = positions.getOrDefault(new TopicPartitionKey(end.getKey().topic(), end.getKey().partition()), 0L);
                behind += Math.max(0, end.getValue() - next);
            }
            lag = behind;
            metrics.lag(behind);
            kafkaReachable = true;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            kafkaReachable = false;
            lag = -1;
            metrics.lag(-1);
            log.warn("Kafka did not answer within {}: {}", KAFKA_CALL_TIMEOUT, e.getMessage());
        }
    }

    private void commitOffsetsForTools() {
        long now = clock.millis();
        if (now - lastOffsetCommitMillis < 1_000) {
            return;
        }
        lastOffsetCommitMillis = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        writer.positions().forEach((partition, next) -> {
            if (partition.topic().equals(kafka.topic())) {
                offsets.put(new TopicPartition(partition.topic(), partition.partition()), new OffsetAndMetadata(next));
            }
        });
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                log.debug("informational offset commit failed (the database holds the real offsets): {}", error.toString());
            }
        });
    }

    private void failed(RuntimeException e) {
        consecutiveFailures++;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorAt = clock.instant();
        log.error("sequencer step failed ({} in a row); rewinding to the database's state", consecutiveFailures, e);
        closeConsumer();
        writerNeedsReload = grant != null;
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(consecutiveFailures, 7));
        pause(Duration.ofMillis(backoff));
    }

    private void stepDown(boolean release) {
        closeConsumer();
        LeaseGrant held = grant;
        grant = null;
        writer.close();
        partitions = List.of();
        stopped.clear();
        metrics.stoppedPartitions(0);
        if (release && held != null) {
            try {
                lease.release(held);
                log.info("released the sequencer lease of epoch {}", held.epoch());
            } catch (RuntimeException e) {
                log.warn("could not release the sequencer lease: {}", e.toString());
            }
        }
    }

    private void closeConsumer() {
        KafkaConsumer<byte[], byte[]> current = consumer;
        consumer = null;
        if (current != null) {
            try {
                current.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                log.debug("closing the consumer: {}", e.toString());
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (sleeper) {
            if (!running) {
                return;
            }
            try {
                sleeper.wait(duration.toMillis());
            } catch (InterruptedException e) {
                // Only stop() wakes the sequencer; the loop checks running.
            }
        }
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.groupId());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ledger-anchor-" + UUID.randomUUID().toString().substring(0, 8));
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never jump over records: a missing offset is reported (stop), not reset to what the broker still has.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, kafka.maxPollRecords());
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        // Kafka's default (1 byte) answers a fetch as soon as one record is there: under load every poll carried a
        // few events and paid a whole transaction for them. Waiting for a fuller fetch bounds that cost per event.
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, kafka.fetchMinBytes());
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) kafka.fetchMaxWait().toMillis());
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 30_000);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }
}
