package org.carbonregistry.reporting.personaldata;

import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies records of {@code registry.personal-data}: one transaction per poll, holding the rows and the new offsets,
 * so a crash neither loses nor repeats a record. Compaction keeps the latest value per retirement, so reading the
 * topic again from any earlier position ends in the same state.
 */
public class PersonalDataIngest {

    private final PersonalDataStore store;
    private final TransactionTemplate transactions;
    private final PersonalDataCounters counters;

    public PersonalDataIngest(PersonalDataStore store, TransactionTemplate transactions, PersonalDataCounters counters) {
        this.store = store;
        this.transactions = transactions;
        this.counters = counters;
    }

    public PersonalDataStore store() {
        return store;
    }

    public PersonalDataCounters counters() {
        return counters;
    }

    /** Checks pending personal data whose retirement another instance projected meanwhile. */
    public List<PersonalDataOutcome> checkPending() {
        List<PersonalDataOutcome> outcomes = Objects.requireNonNull(transactions.execute(status -> store.checkPending()));
        counters.count(outcomes);
        return outcomes;
    }

    /** Applies the records in the order given (per partition in offset order) and stores the new offsets. */
    public List<PersonalDataOutcome> ingest(List<PersonalDataRecord> records) {
        if (records.isEmpty()) {
            return List.of();
        }
        List<PersonalDataOutcome> outcomes;
        try {
            outcomes = Objects.requireNonNull(transactions.execute(status -> {
            List<PersonalDataOutcome> applied = new ArrayList<>(records.size());
            java.util.Map<Integer, Long> next = new java.util.TreeMap<>();
            for (PersonalDataRecord record : records) {
                applied.add(store.apply(record));
                next.merge(record.partition(), record.offset() + 1, Math::max);
            }
            next.forEach(store::storeOffset);
            return applied;
            }));
        } catch (RuntimeException e) {
            // A database's message can quote the values it refused; the consumer logs what it is given.
            throw new IllegalStateException("the personal data of retirements "
                    + records.stream().map(PersonalDataRecord::retirementId).distinct().toList()
                    + " could not be stored (" + e.getClass().getSimpleName() + "); retrying", null);
        }
        counters.count(outcomes);
        return outcomes;
    }
}
