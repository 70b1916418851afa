package org.carbonregistry.reporting.projection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Objects;

/**
 * Applies consumed records to the projection: one transaction per batch of records, holding the projection rows
 * and the new offsets together. The one writer of a projection database: it remembers what it committed
 * ({@link CachedLookup}) and is not to be shared between threads. If a batch is refused by the database for a reason that retrying will not cure
 * (a constraint the registry's events should never break), the records are applied one by one so that only the
 * offending record is set aside as an anomaly and everything else still lands.
 */
public class ProjectionIngest {

    private static final Logger log = LoggerFactory.getLogger(ProjectionIngest.class);

    private final JdbcProjectionStore store;
    private final TransactionTemplate transactions;
    private final String topic;
    private final Projector projector = new Projector();
    private final CachedLookup lookup;

    public ProjectionIngest(JdbcProjectionStore store, TransactionTemplate transactions, String topic) {
        this.store = store;
        this.transactions = transactions;
        this.topic = topic;
        this.lookup = new CachedLookup(store);
    }

    /** Empties the projection and the stored offsets: the next records are applied to nothing. */
    public void reset() {
        lookup.forgetEverything();
        transactions.executeWithoutResult(status -> store.reset());
    }

    public String topic() {
        return topic;
    }

    /** What one call applied. */
    public record Result(int records, int eventsApplied, int duplicates, int anomalies) {
    }

    /**
     * Applies the records (in the order given; per partition in offset order) and stores the new offsets.
     *
     * @throws DataAccessException when the database is unavailable; nothing was stored and the same records can
     *                             be offered again
     */
    public Result ingest(List<ConsumedRecord> records) {
        if (records.isEmpty()) {
            return new Result(0, 0, 0, 0);
        }
        List<Projector.ParsedRecord> parsed = records.stream().map(projector::parse).toList();
        try {
            return applyAll(parsed);
        } catch (NonTransientDataAccessException refused) {
            if (refused instanceof NonTransientDataAccessResourceException) {
                throw refused; // the database itself is unusable: no record is to blame
            }
            log.warn("a batch of {} records was refused ({}); applying them one at a time", records.size(),
                    refused.getMostSpecificCause().getMessage());
            int events = 0;
            int duplicates = 0;
            int anomalies = 0;
            for (Projector.ParsedRecord one : parsed) {
                Result result = applyAlone(one);
                events += result.eventsApplied();
                duplicates += result.duplicates();
                anomalies += result.anomalies();
            }
            return new Result(records.size(), events, duplicates, anomalies);
        }
    }

    private Result applyAll(List<Projector.ParsedRecord> parsed) {
        ProjectionChanges changes;
        try {
            changes = Objects.requireNonNull(transactions.execute(status -> {
                ProjectionChanges unit = new ProjectionChanges(lookup,
                        parsed.stream().map(Projector.ParsedRecord::eventId).filter(Objects::nonNull).toList());
                parsed.forEach(record -> projector.apply(record, unit));
                store.write(topic, unit);
                return unit;
            }));
        } catch (RuntimeException e) {
            lookup.clear(); // the database may now differ from what was remembered
            throw e;
        }
        lookup.committed(changes);
        return new Result(parsed.size(), changes.events().size(), changes.duplicates(), changes.anomalies().size());
    }

    private Result applyAlone(Projector.ParsedRecord record) {
        try {
            return applyAll(List.of(record));
        } catch (NonTransientDataAccessException refused) {
            String problem = "refused by the projection database: " + refused.getMostSpecificCause().getMessage();
            log.error("record {}/{} (event {}) set aside: {}", record.record().partition(), record.record().offset(),
                    record.eventId(), problem);
            ConsumedRecord consumed = record.record();
            lookup.clear();
            return Objects.requireNonNull(transactions.execute(status -> {
                ProjectionChanges changes = new ProjectionChanges(store, List.of());
                changes.anomaly(consumed.partition(), consumed.offset(), record.eventId(), problem);
                changes.consumed(consumed.partition(), consumed.offset(), null, null);
                store.write(topic, changes);
                return new Result(1, 0, 0, 1);
            }));
        }
    }
}
