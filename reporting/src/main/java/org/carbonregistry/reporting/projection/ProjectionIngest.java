package org.carbonregistry.reporting.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.reporting.personaldata.PersonalDataCounters;
import org.carbonregistry.reporting.personaldata.PersonalDataOutcome;
import org.carbonregistry.reporting.personaldata.PersonalDataStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Applies consumed records to the projection: one transaction per batch of records, holding the projection rows
 * and the new offsets together. The one writer of a projection database: it remembers what it committed
 * ({@link CachedLookup}) and is not to be shared between threads. If a batch is refused by the database for a reason that retrying will not cure
 * (a constraint the registry's events should never break), the records are applied one by one so that only the
 * offending record is set aside as an anomaly and everything else still lands.
 *
 * <p>Records without a valid registry signature are quarantined (metric {@code reporting.records.quarantined}). In the
 * same transaction as the retirements it projects, pending personal data of those retirements is checked against
 * their commitments, and {@code PersonalDataErased} deletes the text ({@link PersonalDataStore}).
 */
public class ProjectionIngest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionIngest.class);
    private static final int PARALLEL_FROM = 64;

    private final JdbcProjectionStore store;
    private final TransactionTemplate transactions;
    private final String topic;
    private final Supplier<EnvelopeVerifier> registryKeys;
    private final PersonalDataStore personalData;
    private final PersonalDataCounters personalDataCounters;
    private final Counter quarantined;
    private final CachedLookup lookup;
    /**
     * partition -> the offset stored for it when this writer last positioned itself or committed (null: no row);
     * a partition not in here is read from the database the first time it is written.
     */
    private final Map<Integer, Optional<Long>> startOffsets = new HashMap<>();

    /**
     * @param registryKeys the trusted registry keys, asked on every poll (resolved once; may throw while they cannot
     *                     be fetched yet, and the consumer then retries)
     */
    public ProjectionIngest(JdbcProjectionStore store, TransactionTemplate transactions, String topic,
                            Supplier<EnvelopeVerifier> registryKeys, PersonalDataStore personalData,
                            PersonalDataCounters personalDataCounters, MeterRegistry meters) {
        this.store = store;
        this.transactions = transactions;
        this.topic = topic;
        this.registryKeys = registryKeys;
        this.personalData = personalData;
        this.personalDataCounters = personalDataCounters;
        this.quarantined = Counter.builder("reporting.records.quarantined")
                .description("records of registry.events set aside without being projected")
                .tag("reason", EnvelopeVerifier.REASON)
                .register(meters);
        this.lookup = new CachedLookup(store);
    }

    /** Empties the projection and the stored offsets: the next records are applied to nothing. */
    public void reset() {
        lookup.forgetEverything();
        startOffsets.clear();
        transactions.executeWithoutResult(status -> store.reset());
    }

    /** The consumer positioned a partition at the offset stored for it ({@code null}: none is stored). */
    public void positioned(int partition, Long storedOffset) {
        startOffsets.put(partition, Optional.ofNullable(storedOffset));
    }

    /**
     * Partitions changed hands (or this writer was fenced): what it remembers of batches, holdings and applied event
     * ids may be older than what another instance has since committed.
     */
    public void ownershipChanged(Collection<Integer> released) {
        lookup.forgetEverything();
        released.forEach(startOffsets::remove);
    }

    public String topic() {
        return topic;
    }

    /** What one call applied. */
    public record Result(int records, int eventsApplied, int duplicates, int anomalies, int quarantined) {
    }

    /**
     * Applies the records (in the order given; per partition in offset order) and stores the new offsets.
     *
     * @throws DataAccessException when the database is unavailable; nothing was stored and the same records can
     *                             be offered again
     */
    public Result ingest(List<ConsumedRecord> records) {
        if (records.isEmpty()) {
            return new Result(0, 0, 0, 0, 0);
        }
        Projector projector = new Projector(registryKeys.get());
        // Verifying the Ed25519 signatures is most of the CPU a poll needs outside the database: on every core
        // (the order of the list is kept).
        List<Projector.ParsedRecord> parsed = (records.size() >= PARALLEL_FROM ? records.parallelStream()
                : records.stream()).map(projector::parse).toList();
        try {
            return applyAll(projector, parsed);
        } catch (NonTransientDataAccessException refused) {
            if (refused instanceof NonTransientDataAccessResourceException) {
                throw refused; // the database itself is unusable: no record is to blame
            }
            log.warn("a batch of {} records was refused ({}); applying them one at a time", records.size(),
                    refused.getMostSpecificCause().getMessage());
            int events = 0;
            int duplicates = 0;
            int anomalies = 0;
            int setAside = 0;
            for (Projector.ParsedRecord one : parsed) {
                Result result = applyAlone(projector, one);
                events += result.eventsApplied();
                duplicates += result.duplicates();
                anomalies += result.anomalies();
                setAside += result.quarantined();
            }
            return new Result(records.size(), events, duplicates, anomalies, setAside);
        }
    }

    private record Applied(ProjectionChanges changes, List<PersonalDataOutcome> personalData) {
    }

    private Result applyAll(Projector projector, List<Projector.ParsedRecord> parsed) {
        Applied applied;
        try {
            applied = Objects.requireNonNull(transactions.execute(status -> {
                ProjectionChanges unit = projector.applyAll(parsed, lookup);
                store.write(topic, unit, startOffsets(unit));
                return new Applied(unit, personalDataOf(unit));
            }));
        } catch (StaleWriterException e) {
            ownershipChanged(List.copyOf(startOffsets.keySet()));
            throw e;
        } catch (RuntimeException e) {
            lookup.clear(); // the database may now differ from what was remembered
            throw e;
        }
        ProjectionChanges changes = applied.changes();
        committed(changes);
        lookup.committed(changes);
        personalDataCounters.count(applied.personalData());
        quarantined.increment(changes.quarantined().size());
        return new Result(parsed.size(), changes.events().size(), changes.duplicates(), changes.anomalies().size(),
                changes.quarantined().size());
    }

    /** The offsets the unit's partitions started from: read once from the database, then remembered. */
    private Map<Integer, Long> startOffsets(ProjectionChanges unit) {
        Map<Integer, Long> starts = new HashMap<>();
        Map<Integer, Long> stored = null;
        for (ProjectionChanges.PartitionProgress progress : unit.progress()) {
            Optional<Long> known = startOffsets.get(progress.partition());
            if (known == null) {
                stored = stored == null ? store.storedOffsets(topic) : stored;
                known = Optional.ofNullable(stored.get(progress.partition()));
                startOffsets.put(progress.partition(), known);
            }
            known.ifPresent(offset -> starts.put(progress.partition(), offset));
        }
        return starts;
    }

    private void committed(ProjectionChanges unit) {
        unit.progress().forEach(progress -> startOffsets.put(progress.partition(), Optional.of(progress.nextOffset())));
    }

    /** Pending personal data of the unit's retirements is checked now; erasures delete text and salts. */
    private List<PersonalDataOutcome> personalDataOf(ProjectionChanges unit) {
        List<PersonalDataOutcome> outcomes = new ArrayList<>(personalData.retirementsProjected(unit.retirements()
                .stream().map(retirement -> new PersonalDataStore.ProjectedRetirement(retirement.retirementId(),
                        retirement.beneficiaryCommitment(), retirement.purposeCommitment())).toList()));
        for (ProjectionChanges.ErasureRow erasure : unit.erasures()) {
            personalData.erase(erasure.retirementId());
            outcomes.add(PersonalDataOutcome.ERASED);
        }
        return outcomes;
    }

    private Result applyAlone(Projector projector, Projector.ParsedRecord record) {
        try {
            return applyAll(projector, List.of(record));
        } catch (NonTransientDataAccessException refused) {
            String problem = "refused by the projection database: " + refused.getMostSpecificCause().getMessage();
            log.error("record {}/{} (event {}) set aside: {}", record.record().partition(), record.record().offset(),
                    record.eventId(), problem);
            ConsumedRecord consumed = record.record();
            lookup.clear();
            ProjectionChanges changes = new ProjectionChanges(store, List.of());
            changes.anomaly(consumed.partition(), consumed.offset(), record.eventId(), problem);
            changes.consumed(consumed.partition(), consumed.offset(), null, null);
            try {
                transactions.executeWithoutResult(status -> store.write(topic, changes, startOffsets(changes)));
            } catch (StaleWriterException e) {
                ownershipChanged(List.copyOf(startOffsets.keySet()));
                throw e;
            }
            committed(changes);
            return new Result(1, 0, 0, 1, 0);
        }
    }
}
