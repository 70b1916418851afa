package org.carbonregistry.reporting.projection;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.admin.TopicDescription;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads {@code registry.events} and {@code registry.personal-data} as a member of a consumer group
 * ({@code REPORTING_GROUP_ID}): the reporting instances over one database share the partitions, and when one dies its
 * partitions go to the others. Each partition this instance is given is positioned from the offset stored in the
 * projection database; Kafka's committed offsets are never used, so a projection database always resumes exactly
 * where its own rows end. Every write names the offset it started from ({@link JdbcProjectionStore#write}), so an
 * instance that lost a partition while paused cannot apply a batch twice: its transaction is refused and rolled back
 * ({@link StaleWriterException}) and it positions itself from the database again. A replay on any instance bumps the
 * projection epoch, and every instance then starts its partitions over from offset 0. One thread does all the work,
 * including replays, so nothing else ever touches the consumer.
 *
 * <p>A partition whose next offset is no longer in the log (retention or {@code deleteRecords} removed records that
 * were never read) is stopped, not skipped: it is paused, named in {@link Status#stoppedPartitions()} and the
 * readiness health is DOWN until an operator acts (a replay restarts {@code registry.events}' partitions).
 */
public class RegistryEventsConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistryEventsConsumer.class);
    private static final Duration TOPIC_CHECK = Duration.ofSeconds(10);
    private static final Duration PENDING_SWEEP = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public enum State { STOPPED, STARTING, WAITING_FOR_TOPIC, CONSUMING, RETRYING }

    /** What the consumer is doing, for {@code /api/status}. */
    public record Status(State state, Instant lastPollAt, String lastError, Instant lastErrorAt,
                         Instant replayRequestedAt, Instant replayStartedAt, long recordsConsumed, long eventsApplied,
                         long duplicatesSkipped, long anomalies, long quarantined, long personalDataRecords,
                         List<StoppedPartition> stoppedPartitions, String groupId, String instanceId,
                         Map<String, List<Integer>> ownedPartitions, long staleWrites) {
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
    private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();
    private final AtomicLong staleWrites = new AtomicLong();
    /** The projection epoch this instance positioned its partitions at. */
    private long epoch;

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
                personalDataRecords.get(), stoppedPartitions(), settings.groupId(), settings.instanceId(),
                ownedPartitions(), staleWrites.get());
    }

    /** The partitions the group gave this instance, by topic. */
    public Map<String, List<Integer>> ownedPartitions() {
        Map<String, List<Integer>> byTopic = new java.util.TreeMap<>();
        owned.forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>()).add(p.partition()));
        byTopic.values().forEach(partitions -> partitions.sort(Comparator.naturalOrder()));
        return byTopic;
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
                    owned.clear();
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
        epoch = store.epoch();
        consumer.subscribe(List.of(topic, settings.personalDataTopic()), new Rebalance(consumer));
        log.info("instance {} joining group {} for {} and {}", settings.instanceId(), settings.groupId(), topic,
                settings.personalDataTopic());
        Instant nextTopicCheck = Instant.MIN;
        Instant nextSweep = Instant.now().plus(PENDING_SWEEP);
        boolean topicExists = false;
        while (running) {
            if (applyPendingReplay()) {
                epoch = store.epoch();
                restartEvents(consumer);
            }
            if (!Instant.now().isBefore(nextTopicCheck)) {
                topicExists = checkTopic(consumer, topic);
                nextTopicCheck = Instant.now().plus(TOPIC_CHECK);
            }
            if (!topicExists) {
                state = State.WAITING_FOR_TOPIC;
                lastPollAt = Instant.now();
                pause(settings.pollTimeout());
                continue;
            }
            long current = store.epoch();
            if (current != epoch) {
                log.info("the projection was emptied by another instance (epoch {} -> {}): reading {} again from"
                        + " offset 0", epoch, current, topic);
                epoch = current;
                restartEvents(consumer);
            }
            if (!Instant.now().isBefore(nextSweep)) {
                personalDataRecords.addAndGet(personalData.checkPending().size());
                nextSweep = Instant.now().plus(PENDING_SWEEP);
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
            ProjectionIngest.Result result;
            try {
                result = ingest.ingest(records);
            } catch (StaleWriterException fenced) {
                // Another instance owns (or owned) a partition of this poll now: nothing was written.
                staleWrites.incrementAndGet();
                log.warn("instance {}: {}; positioning from the database again", settings.instanceId(),
                        fenced.getMessage());
                position(consumer, consumer.assignment());
                continue;
            }
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

    /** Whether the events topic exists; a re-created one (new topic id) empties the projection first. */
    private boolean checkTopic(KafkaConsumer<byte[], byte[]> consumer, String topic)
            throws TopicInspector.KafkaUnavailable {
        Optional<TopicDescription> description = inspector.describe(topic);
        if (description.isEmpty()) {
            return false;
        }
        String topicId = description.get().topicId().toString();
        Optional<String> storedTopicId = store.storedTopicId(topic);
        if (storedTopicId.isPresent() && !storedTopicId.get().equals(topicId)) {
            log.warn("{} was re-created (topic id {} instead of {}): rebuilding the projection from its first record",
                    topic, topicId, storedTopicId.get());
            ingest.reset();
            transactions.executeWithoutResult(status -> store.rememberTopicId(topic, topicId));
            epoch = store.epoch();
            restartEvents(consumer);
        } else if (storedTopicId.isEmpty()) {
            transactions.executeWithoutResult(status -> store.rememberTopicId(topic, topicId));
        }
        return true;
    }

    /** After the projection was emptied: this instance's partitions of the events topic start over. */
    private void restartEvents(KafkaConsumer<byte[], byte[]> consumer) {
        String topic = ingest.topic();
        Set<TopicPartition> events = new HashSet<>();
        consumer.assignment().stream().filter(p -> p.topic().equals(topic)).forEach(events::add);
        stopped.keySet().removeIf(partition -> partition.topic().equals(topic));
        consumer.resume(events);
        ingest.ownershipChanged(events.stream().map(TopicPartition::partition).toList());
        position(consumer, events);
    }

    /**
     * Partitions come and go with the group. Each poll's batch is committed before the next poll, so nothing applied
     * is pending when a partition is taken away; a partition given to this instance is positioned from the database,
     * and what this instance remembers of the projection is dropped, because another instance may have written since.
     */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<byte[], byte[]> consumer;

        Rebalance(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions, "lost");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            owned.addAll(partitions);
            ingest.ownershipChanged(List.of());
            epoch = store.epoch();
            position(consumer, Set.copyOf(partitions));
            log.info("instance {} of group {} now reads {}", settings.instanceId(), settings.groupId(),
                    ownedPartitions());
        }

        private void release(Collection<TopicPartition> partitions, String how) {
            if (partitions.isEmpty()) {
                return;
            }
            owned.removeAll(partitions);
            stopped.keySet().removeAll(partitions);
            ingest.ownershipChanged(partitions.stream().filter(p -> p.topic().equals(ingest.topic()))
                    .map(TopicPartition::partition).toList());
            log.info("instance {}: partitions {} {}", settings.instanceId(), partitions, how);
        }
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
            if (partition.topic().equals(ingest.topic())) {
                ingest.positioned(partition.partition(), offset);
            }
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
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "reporting-" + settings.instanceId());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Math.toIntExact(settings.sessionTimeout().toMillis()));
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Math.toIntExact(Math.max(500, settings.sessionTimeout().toMillis() / 3)));
        // A personal-data topic created after start, or partitions added, are noticed within seconds.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Every partition is positioned explicitly from the database (Kafka's committed offsets are never read or
        // written); a position that is no longer valid must be noticed, not reset.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, settings.fetchMinBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Math.toIntExact(settings.fetchMaxWait().toMillis()));
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
