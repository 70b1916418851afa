package org.carbonregistry.reporting.projection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.carbonregistry.reporting.ReportingProperties;
import org.carbonregistry.reporting.personaldata.PersonalDataIngest;
import org.carbonregistry.reporting.personaldata.PersonalDataRecord;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads {@code registry.events} and {@code registry.personal-data} with a plain {@link KafkaConsumer} that is
 * assigned every partition of both topics and positioned from the offsets stored in the projection database; Kafka's
 * committed offsets are not used (no consumer group), so a projection database always resumes exactly where its own
 * rows end. One thread does all the work, including replays, so nothing else ever touches the consumer, and personal
 * data and the retirements it belongs to are never applied concurrently.
 *
 * <p>A partition whose next offset is no longer in the log (retention or {@code deleteRecords} removed records that
 * were never read) is stopped, not skipped: it is paused, named in {@link Status#stoppedPartitions()} and the
 * readiness health is DOWN until an operator acts (a replay restarts {@code registry.events}' partitions).
 */
public class RegistryEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistryEventsConsumer.class);
    private static final Duration ASSIGNMENT_REFRESH = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public enum State { STOPPED, STARTING, WAITING_FOR_TOPIC, CONSUMING, RETRYING }

    /** What the consumer is doing, for {@code /api/status}. */
    public record Status(State state, Instant lastPollAt, String lastError, Instant lastErrorAt,
                         Instant replayRequestedAt, Instant replayStartedAt, long recordsConsumed, long eventsApplied,
                         long duplicatesSkipped, long anomalies, long quarantined, long personalDataRecords,
                         List<StoppedPartition> stoppedPartitions) {
    }

    /**
     * A partition this consumer will not read on from, because the records it needs next are gone.
     *
     * @param nextOffset     the offset it needed next
     * @param logStartOffset the first offset the broker still has
     */
    public record StoppedPartition(String topic, int partition, long nextOffset, long logStartOffset, Instant since,
                                   String reason) {
    }

    private final ProjectionIngest ingest;
    private final PersonalDataIngest personalData;
    private final JdbcProjectionStore store;
    private final TransactionTemplate transactions;
    private final TopicInspector inspector;
    private final ReportingProperties.Kafka settings;
    private final AtomicReference<CompletableFuture<Instant>> replayRequest = new AtomicReference<>();

    private final Object pause = new Object();
    private Duration backoff = Duration.ofSeconds(1);
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile State state = State.STOPPED;
    private volatile Instant lastPollAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant replayRequestedAt;
    private volatile Instant replayStartedAt;
    private final AtomicLong recordsConsumed = new AtomicLong();
    private final AtomicLong eventsApplied = new AtomicLong();
    private final AtomicLong duplicatesSkipped = new AtomicLong();
    private final AtomicLong anomalies = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong personalDataRecords = new AtomicLong();
    private final Map<TopicPartition, StoppedPartition> stopped = new ConcurrentHashMap<>();

    public RegistryEventsConsumer(ProjectionIngest ingest, PersonalDataIngest personalData, JdbcProjectionStore store,
                                  TransactionTemplate transactions, TopicInspector inspector,
                                  ReportingProperties.Kafka settings) {
        this.ingest = ingest;
        this.personalData = personalData;
        this.store = store;
        this.transactions = transactions;
        this.inspector = inspector;
        this.settings = settings;
    }

    /**
     * Asks the consumer thread to empty the projection and read the topic again from offset 0. The future
     * completes (with the time the projection was emptied) once the rebuild has started.
     */
    public CompletableFuture<Instant> requestReplay() {
        replayRequestedAt = Instant.now();
        return replayRequest.updateAndGet(pending -> pending != null ? pending : new CompletableFuture<>());
    }

    public Status status() {
        return new Status(state, lastPollAt, lastError, lastErrorAt, replayRequestedAt, replayStartedAt,
                recordsConsumed.get(), eventsApplied.get(), duplicatesSkipped.get(), anomalies.get(), quarantined.get(),
                personalDataRecords.get(), stoppedPartitions());
    }

    /** The partitions stopped because records they needed were deleted, by topic and partition. */
    public List<StoppedPartition> stoppedPartitions() {
        return stopped.values().stream()
                .sorted(Comparator.comparing(StoppedPartition::topic).thenComparing(StoppedPartition::partition))
                .toList();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        state = State.STARTING;
        thread = new Thread(this::run, "registry-events-consumer");
        thread.start();
    }

    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            this.running = false;
            running = thread;
        }
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        if (running != null) {
            // Not interrupted: an interrupt in the middle of a file write can close an H2 database's file channel.
            try {
                running.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        state = State.STOPPED;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try {
                applyPendingReplay();
                try (KafkaConsumer<byte[], byte[]> opened = new KafkaConsumer<>(consumerConfig())) {
                    consumer = opened;
                    consumeUntilStopped(opened);
                } finally {
                    consumer = null;
                }
            } catch (WakeupException | InterruptedException stopping) {
                if (!running) {
                    break;
                }
            } catch (RuntimeException | TopicInspector.KafkaUnavailable e) {
                if (!running) {
                    break;
                }
                failed(e);
                log.warn("registry.events consumer: {}; retrying in {} s", lastError, backoff.toSeconds());
                try {
                    pause(backoff);
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        state = State.STOPPED;
    }

    private void consumeUntilStopped(KafkaConsumer<byte[], byte[]> consumer)
            throws InterruptedException, TopicInspector.KafkaUnavailable {
        String topic = ingest.topic();
        Set<TopicPartition> assigned = Set.of();
        Instant nextAssignmentCheck = Instant.MIN;
        while (running) {
            if (applyPendingReplay()) {
                stopped.keySet().removeIf(partition -> partition.topic().equals(topic));
                consumer.resume(consumer.paused());
                position(consumer, assigned);
            }
            if (!Instant.now().isBefore(nextAssignmentCheck)) {
                assigned = refreshAssignment(consumer, topic, assigned);
                nextAssignmentCheck = Instant.now().plus(ASSIGNMENT_REFRESH);
            }
            if (assigned.isEmpty()) {
                state = State.WAITING_FOR_TOPIC;
                lastPollAt = Instant.now();
                pause(settings.pollTimeout());
                continue;
            }
            ConsumerRecords<byte[], byte[]> polled;
            try {
                polled = consumer.poll(settings.pollTimeout());
            } catch (OffsetOutOfRangeException e) {
                // Retention deleted records this projection never read: they cannot be recovered from Kafka, and
                // reading on from the earliest kept record would make reports that silently miss them.
                Map<TopicPartition, Long> starts = consumer.beginningOffsets(e.partitions(), Duration.ofSeconds(5));
                e.offsetOutOfRangePartitions().forEach((partition, next) ->
                        stop(consumer, partition, next, starts.getOrDefault(partition, -1L)));
                continue;
            }
            state = State.CONSUMING;
            lastPollAt = Instant.now();
            backoff = Duration.ofSeconds(1);
            if (polled.isEmpty()) {
                continue;
            }
            List<ConsumedRecord> records = new ArrayList<>(polled.count());
            List<PersonalDataRecord> personal = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (record.topic().equals(topic)) {
                    records.add(new ConsumedRecord(record.partition(), record.offset(), record.value(),
                            header(record, SignedEnvelope.SIGNATURE_HEADER), header(record, SignedEnvelope.KEY_ID_HEADER)));
                } else {
                    personal.add(new PersonalDataRecord(record.partition(), record.offset(),
                            PersonalDataStore.key(record.key()), record.value()));
                }
            }
            // Events first: personal data that arrives with its retirement in one poll is then checked at once.
            ProjectionIngest.Result result = ingest.ingest(records);
            recordsConsumed.addAndGet(result.records());
            eventsApplied.addAndGet(result.eventsApplied());
            duplicatesSkipped.addAndGet(result.duplicates());
            anomalies.addAndGet(result.anomalies());
            quarantined.addAndGet(result.quarantined());
            personalDataRecords.addAndGet(personalData.ingest(personal).size());
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Pauses a partition whose next records are gone, and says so: in the status, the health and the log. */
    private void stop(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long nextOffset, long logStart) {
        String reason = partition.topic() + " partition " + partition.partition() + ": the next offset " + nextOffset
                + " is no longer in the log (it starts at " + logStart + "); records " + nextOffset + " to "
                + (logStart - 1) + " were deleted before reporting read them. The partition is stopped; nothing is"
                + " skipped.";
        stopped.put(partition, new StoppedPartition(partition.topic(), partition.partition(), nextOffset, logStart,
                Instant.now(), reason));
        // A position (even one no longer in the log) and a pause: never fetched, never reset.
        consumer.seek(partition, nextOffset);
        consumer.pause(List.of(partition));
        state = State.CONSUMING;
        lastError = reason;
        lastErrorAt = Instant.now();
        log.error(reason);
    }

    /** Empties the projection if a replay was asked for; true if it did. */
    private boolean applyPendingReplay() {
        CompletableFuture<Instant> replay = replayRequest.getAndSet(null);
        if (replay == null) {
            return false;
        }
        try {
            ingest.reset();
        } catch (RuntimeException e) {
            replayRequest.compareAndSet(null, replay); // try again after the backoff
            throw e;
        }
        Instant started = Instant.now();
        replayStartedAt = started;
        recordsConsumed.set(0);
        eventsApplied.set(0);
        duplicatesSkipped.set(0);
        anomalies.set(0);
        quarantined.set(0);
        log.info("projection emptied; replaying {} from offset 0", ingest.topic());
        replay.complete(started);
        return true;
    }

    private Set<TopicPartition> refreshAssignment(KafkaConsumer<byte[], byte[]> consumer, String topic,
                                                  Set<TopicPartition> assigned) throws TopicInspector.KafkaUnavailable {
        Optional<TopicDescription> description = inspector.describe(topic);
        if (description.isEmpty()) {
            return assigned;
        }
        String topicId = description.get().topicId().toString();
        Optional<String> storedTopicId = store.storedTopicId(topic);
        if (storedTopicId.isPresent() && !storedTopicId.get().equals(topicId)) {
            log.warn("{} was re-created (topic id {} instead of {}): rebuilding the projection from its first record",
                    topic, topicId, storedTopicId.get());
            ingest.reset();
            transactions.executeWithoutResult(status -> store.rememberTopicId(topic, topicId));
            consumer.assign(List.of());
            assigned = Set.of();
        } else if (storedTopicId.isEmpty()) {
            transactions.executeWithoutResult(status -> store.rememberTopicId(topic, topicId));
        }
        Set<TopicPartition> current = new HashSet<>();
        for (String name : List.of(topic, settings.personalDataTopic())) {
            if (!name.equals(topic) && inspector.describe(name).isEmpty()) {
                continue; // the registry creates it with its first retirement
            }
            List<PartitionInfo> partitions = consumer.partitionsFor(name, Duration.ofSeconds(5));
            if (partitions != null) {
                partitions.forEach(p -> current.add(new TopicPartition(name, p.partition())));
            }
        }
        if (current.isEmpty() || current.equals(assigned)) {
            return assigned;
        }
        consumer.assign(current);
        Set<TopicPartition> added = new HashSet<>(current);
        added.removeAll(assigned);
        position(consumer, added);
        log.info("reading {} partitions of {} and {}", current.size(), topic, settings.personalDataTopic());
        return Set.copyOf(current);
    }

    /**
     * Seeks each partition to the offset stored with the projection, or to offset 0 if none is. A partition that must
     * start at 0 but whose log no longer does is stopped: its first records were deleted before anyone read them.
     */
    private void position(KafkaConsumer<byte[], byte[]> consumer, Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> storedEvents = store.storedOffsets(ingest.topic());
        Map<Integer, Long> storedPersonal = personalData.store().storedOffsets();
        List<TopicPartition> fromStart = new ArrayList<>();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        for (TopicPartition partition : partitions) {
            Long offset = (partition.topic().equals(ingest.topic()) ? storedEvents : storedPersonal).get(partition.partition());
            if (stopped.containsKey(partition)) {
                consumer.seek(partition, stopped.get(partition).nextOffset());
                consumer.pause(List.of(partition));
            } else if (offset == null) {
                fromStart.add(partition);
            } else if (offset > ends.getOrDefault(partition, Long.MAX_VALUE)) {
                throw new IllegalStateException("stored offset " + offset + " of " + partition + " is past the end of the"
                        + " topic (" + ends.get(partition) + "): the topic lost records; replay the projection");
            } else {
                consumer.seek(partition, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(fromStart, Duration.ofSeconds(5));
            for (TopicPartition partition : fromStart) {
                long start = starts.getOrDefault(partition, 0L);
                if (start > 0) {
                    stop(consumer, partition, 0, start);
                } else {
                    consumer.seek(partition, 0);
                }
            }
        }
    }

    private Properties consumerConfig() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reporting-" + UUID.randomUUID().toString().substring(0, 8));
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Every partition is positioned explicitly; a position that is no longer valid must be noticed, not reset.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        return config;
    }

    /** Waits, but wakes up at once when the consumer is stopped. */
    private void pause(Duration duration) throws InterruptedException {
        synchronized (pause) {
            if (running) {
                pause.wait(Math.max(1, duration.toMillis()));
            }
        }
    }

    private void failed(Exception e) {
        state = State.RETRYING;
        lastError = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastErrorAt = Instant.now();
    }
}
