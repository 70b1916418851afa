package org.carbonregistry.registry.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.axonframework.common.DateTimeUtils;
import org.carbonregistry.registry.eventstore.PublishingTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Compares the event store with what is really on {@code registry.events}, read back by a consumer outside any
 * group, and names every stored event the topic lacks once it is older than the gap timeout (younger ones may
 * still be on their way): metric {@code registry_unpublished_events}, health component {@code publishedEvents},
 * and an error in the log. Incremental: the watermark (global index checked up to, topic offsets read up to) is
 * in the database, shared by every instance, and each run locks it, reads the new records, then compares the
 * stored events above the watermark. A run that could not read the topic to its end compares nothing, so a slow
 * read never reports an event as missing.
 *
 * <p>Why the watermark may pass an index that is not (yet) stored: it stops at the first event younger than the
 * gap timeout, and every index below an event that old is committed or never will be (see
 * {@link PublishingTimeouts}), the same reasoning by which the publisher gives up on a gap.
 */
@Component
public class PublishedEventsReconciliation implements SmartLifecycle {

    static final int SHOWN = 10;
    private static final Logger log = LoggerFactory.getLogger(PublishedEventsReconciliation.class);
    private static final int RECORDS_PER_RUN = 50_000;
    private static final int EVENTS_PER_RUN = 50_000;
    private static final int CHUNK = 1_000;
    /** Values in one SQL {@code IN} list, whether aggregates or keys. */
    private static final int IN_LIST = 500;
    private static final Duration READING_AT_MOST = Duration.ofSeconds(30);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager entityManager;
    private final TransactionTemplate transactions;
    private final String bootstrapServers;
    private final String topic;
    private final Duration gapTimeout;
    private final Duration interval;
    private final boolean enabled;
    private final Clock clock;
    private KafkaConsumer<byte[], byte[]> consumer;
    private ScheduledExecutorService schedule;
    private volatile String lastError;

    PublishedEventsReconciliation(EntityManager entityManager, PlatformTransactionManager transactionManager,
                                  PublishingTimeouts timeouts, Clock clock, MeterRegistry meters,
                                  @Value("${registry.kafka.bootstrap-servers}") String bootstrapServers,
                                  @Value("${registry.kafka.topic}") String topic,
                                  @Value("${registry.reconciliation.interval:30s}") Duration interval,
                                  @Value("${registry.reconciliation.enabled:true}") boolean enabled) {
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
        this.gapTimeout = timeouts.gapTimeout();
        this.clock = clock;
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.interval = interval;
        this.enabled = enabled;
        Gauge.builder("registry.unpublished.events", this, reconciliation -> reconciliation.status().unpublished())
                .description("stored events older than the gap timeout that registry.events does not hold")
                .register(meters);
        Gauge.builder("registry.reconciliation.checked.index", this, reconciliation -> reconciliation.status().checkedUpTo())
                .description("global index up to which the event store has been compared with registry.events")
                .register(meters);
    }

    /** What one run did. */
    public record Run(int recordsRead, boolean readToTheEnd, long checkedUpTo, int newlyUnpublished, int republished) {
    }

    /** What the last runs found, as every instance sees it in the database. */
    public record Status(long unpublished, List<Map<String, Object>> first, long checkedUpTo, Instant lastRunAt,
                         String lastError) {
    }

    /** One run; runs of all instances take turns on the watermark's row lock. */
    public synchronized Run reconcile() {
        try {
            Run run = transactions.execute(status -> reconcileLocked());
            lastError = null;
            return run;
        } catch (RuntimeException e) {
            lastError = e.toString();
            throw e;
        }
    }

    public Status status() {
        return transactions.execute(transaction -> {
            ReconciliationWatermark mark = entityManager.find(ReconciliationWatermark.class, topic);
            long unpublished = entityManager.createQuery("select count(u) from UnpublishedEvent u", Long.class)
                    .getSingleResult();
            List<Map<String, Object>> first = entityManager
                    .createQuery("select u from UnpublishedEvent u order by u.globalIndex", UnpublishedEvent.class)
                    .setMaxResults(SHOWN).getResultList().stream().map(UnpublishedEvent::describe).toList();
            return new Status(unpublished, first, mark == null ? 0 : mark.checkedUpTo(),
                    mark == null ? null : mark.lastRunAt(), lastError);
        });
    }

    private Run reconcileLocked() {
        ReconciliationWatermark mark = entityManager.find(ReconciliationWatermark.class, topic, LockModeType.PESSIMISTIC_WRITE);
        if (mark == null) {
            mark = new ReconciliationWatermark(topic);
            entityManager.persist(mark);
            entityManager.flush();
        }
        // Taken before the topic is read: an event older than this that the topic lacks now is overdue.
        Instant overdue = clock.instant().minus(gapTimeout);
        TopicRead read = readTopic(mark.offsets());
        remember(read.published(), clock.instant());
        entityManager.flush();
        int republished = entityManager.createQuery("delete from UnpublishedEvent u where exists (select 1 from"
                + " PublishedRecord p where p.aggregateId = u.aggregateId and p.sequence = u.sequence)").executeUpdate();
        long checkedUpTo = mark.checkedUpTo();
        List<UnpublishedEvent> found = new ArrayList<>();
        if (read.toTheEnd()) {
            List<PublishedRecord.Key> matched = new ArrayList<>();
            checkedUpTo = compare(checkedUpTo, overdue, found, matched);
            entityManager.flush();
            forget(matched);
            // Left over: records read after the watermark had passed their event (a copy on the topic, an event
            // republished after it was reported). Only rows read before the overdue line can be such, so the join
            // with the event store, which grows with it, stays off the rows still waiting for their event.
            entityManager.createQuery("delete from PublishedRecord p where (p.rememberedAt is null or p.rememberedAt < :overdue)"
                            + " and exists (select 1 from DomainEventEntry e where e.aggregateIdentifier = p.aggregateId"
                            + " and e.sequenceNumber = p.sequence and e.globalIndex <= :checked)")
                    .setParameter("overdue", overdue).setParameter("checked", checkedUpTo).executeUpdate();
        }
        mark.advance(checkedUpTo, read.positions(), clock.instant());
        if (!found.isEmpty()) {
            log.error("{} stored events older than the gap timeout ({} s) are not on {}: global indexes {}, event ids {}"
                            + " (health component publishedEvents names them; consumers drop duplicates, so republishing is safe)",
                    found.size(), gapTimeout.toSeconds(), topic,
                    found.stream().limit(SHOWN).map(UnpublishedEvent::globalIndex).toList(),
                    found.stream().limit(SHOWN).map(UnpublishedEvent::eventIdentifier).toList());
        }
        if (republished > 0) {
            log.info("{} events reported unpublished are on {} now", republished, topic);
        }
        return new Run(read.recordsRead(), read.toTheEnd(), checkedUpTo, found.size(), republished);
    }

    /**
     * Stored events above {@code from}, in index order, up to the first one not yet overdue; those missing from the
     * topic go to {@code found}, the keys of those on it to {@code matched}.
     */
    private long compare(long from, Instant overdue, List<UnpublishedEvent> found, List<PublishedRecord.Key> matched) {
        long checkedUpTo = from;
        for (int compared = 0; compared < EVENTS_PER_RUN; ) {
            List<Object[]> rows = entityManager.createQuery("select e.globalIndex, e.aggregateIdentifier,"
                            + " e.sequenceNumber, e.eventIdentifier, e.payloadType, e.timeStamp, p.aggregateId"
                            + " from DomainEventEntry e left join PublishedRecord p"
                            + " on p.aggregateId = e.aggregateIdentifier and p.sequence = e.sequenceNumber"
                            + " where e.globalIndex > :from order by e.globalIndex", Object[].class)
                    .setParameter("from", checkedUpTo).setMaxResults(CHUNK).getResultList();
            for (Object[] row : rows) {
                String timestamp = String.valueOf(row[5]);
                if (!DateTimeUtils.parseInstant(timestamp).isBefore(overdue)) {
                    return checkedUpTo;
                }
                long globalIndex = (Long) row[0];
                if (row[6] == null) {
                    UnpublishedEvent missing = new UnpublishedEvent(globalIndex, (String) row[3], (String) row[1],
                            (Long) row[2], (String) row[4], timestamp, clock.instant());
                    entityManager.persist(missing);
                    found.add(missing);
                } else {
                    matched.add(new PublishedRecord.Key((String) row[1], (Long) row[2]));
                }
                checkedUpTo = globalIndex;
                compared++;
            }
            if (rows.size() < CHUNK) {
                break;
            }
        }
        return checkedUpTo;
    }

    /**
     * Stores the keys read that are not stored yet (a record the topic holds twice, or read again, is one row).
     * Reads the stored keys of the records' aggregates once per slice of aggregates, as plain tuples: asking once per
     * slice of keys, as entities, read every pending record of a busy batch again for each slice (4.6 % of
     * registry-service's CPU under retirements, bench/stack-load with async-profiler).
     */
    private void remember(Set<PublishedRecord.Key> published, Instant now) {
        List<String> aggregates = published.stream().map(PublishedRecord.Key::aggregateId).distinct().toList();
        Set<PublishedRecord.Key> known = new HashSet<>();
        for (int start = 0; start < aggregates.size(); start += IN_LIST) {
            entityManager.createQuery("select p.aggregateId, p.sequence from PublishedRecord p where p.aggregateId in :ids",
                            Object[].class)
                    .setParameter("ids", aggregates.subList(start, Math.min(aggregates.size(), start + IN_LIST)))
                    .getResultList().forEach(row -> known.add(new PublishedRecord.Key((String) row[0], (Long) row[1])));
        }
        published.stream().filter(key -> !known.contains(key)).forEach(key -> entityManager.persist(new PublishedRecord(key, now)));
    }

    /**
     * Deletes the rows of records whose events the watermark passed, by key: a join with the event store to find them
     * read every stored event on PostgreSQL (621 ms a run at 100,000 events, bench/stack-load with pg_stat_statements).
     */
    private void forget(List<PublishedRecord.Key> matched) {
        for (int start = 0; start < matched.size(); start += IN_LIST) {
            List<PublishedRecord.Key> slice = matched.subList(start, Math.min(matched.size(), start + IN_LIST));
            var delete = entityManager.createNativeQuery("delete from reconciliation_published_record where (aggregate_id, sequence) in ("
                    + String.join(",", Collections.nCopies(slice.size(), "(?,?)")) + ")");
            for (int i = 0; i < slice.size(); i++) {
                delete.setParameter(2 * i + 1, slice.get(i).aggregateId());
                delete.setParameter(2 * i + 2, slice.get(i).sequence());
            }
            delete.executeUpdate();
        }
    }

    private record TopicRead(Set<PublishedRecord.Key> published, int recordsRead, boolean toTheEnd,
                             Map<TopicPartition, Long> positions) {
    }

    private TopicRead readTopic(Map<TopicPartition, Long> from) {
        KafkaConsumer<byte[], byte[]> reader = consumer();
        List<TopicPartition> partitions = reader.partitionsFor(topic, KAFKA_TIMEOUT).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        reader.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long offset = from.get(partition);
            if (offset == null) {
                reader.seekToBeginning(List.of(partition));
            } else {
                reader.seek(partition, offset);
            }
        }
        Map<TopicPartition, Long> end = reader.endOffsets(partitions, KAFKA_TIMEOUT);
        Set<PublishedRecord.Key> published = new LinkedHashSet<>();
        int read = 0;
        long deadline = System.nanoTime() + READING_AT_MOST.toNanos();
        while (!atTheEnd(reader, end) && read < RECORDS_PER_RUN && System.nanoTime() - deadline < 0) {
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                read++;
                PublishedRecord.Key key = keyOf(record.value());
                if (key != null) {
                    published.add(key);
                }
            }
        }
        Map<TopicPartition, Long> positions = new LinkedHashMap<>();
        partitions.forEach(partition -> positions.put(partition, reader.position(partition, KAFKA_TIMEOUT)));
        return new TopicRead(published, read, atTheEnd(reader, end), positions);
    }

    private static boolean atTheEnd(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> reader.position(entry.getKey(), KAFKA_TIMEOUT) >= entry.getValue());
    }

    /** The envelope's aggregate and sequence; null for a record that is not an envelope. */
    private static PublishedRecord.Key keyOf(byte[] value) {
        try {
            JsonNode envelope = value == null ? null : JSON.readTree(value);
            if (envelope == null || !envelope.path("aggregateId").isTextual() || !envelope.path("sequence").canConvertToLong()) {
                return null;
            }
            return new PublishedRecord.Key(envelope.get("aggregateId").asText(), envelope.get("sequence").asLong());
        } catch (IOException e) {
            return null;
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer == null) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.CLIENT_ID_CONFIG, "registry-reconciliation",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        }
        return consumer;
    }

    private void runOnSchedule() {
        try {
            reconcile();
        } catch (RuntimeException e) {
            log.warn("reconciling {} with the event store failed; next run in {} s: {}", topic, interval.toSeconds(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        if (enabled && schedule == null) {
            schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "published-events-reconciliation");
                thread.setDaemon(true);
                return thread;
            });
            schedule.scheduleWithFixedDelay(this::runOnSchedule, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = schedule;
            schedule = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(READING_AT_MOST.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5));
                consumer = null;
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return schedule != null;
    }
}
