package org.carbonregistry.registry.imports;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.UUID;

/** The imported ranges and the ids kept for a programme's accounts and projects, each change its own transaction. */
@Component
class ImportIndex {

    /** What became of a row's range: a new claim (issue it), the same range imported before, or an overlap. */
    enum Outcome { NEW, SAME, OVERLAP }

    record Claim(Outcome outcome, ImportedRange range) {
    }

    private final EntityManager entityManager;
    private final TransactionTemplate transactions;

    ImportIndex(EntityManager entityManager, PlatformTransactionManager transactionManager) {
        this.entityManager = entityManager;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** The registry id kept for {@code externalKey}, drawn now if there is none yet. */
    String idFor(String externalKey) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(tx -> {
                    ImportedKey known = entityManager.find(ImportedKey.class, externalKey);
                    if (known != null) {
                        return known.registryId();
                    }
                    String id = UUID.randomUUID().toString();
                    entityManager.persist(new ImportedKey(externalKey, id));
                    return id;
                });
            } catch (DataIntegrityViolationException raced) {
                // another import kept an id for the same key a moment ago: read it
                if (attempt == 2) {
                    throw raced;
                }
            }
        }
    }

    static String accountKey(ImportSource source) {
        return "account:" + source.code;
    }

    static String projectKey(ImportSource source, String projectId) {
        return "project:" + source.code + ":" + projectId;
    }

    /**
     * Claims {@code row}'s range for a new batch unless the same range or one overlapping it was imported from this
     * source before. Claims of one source are decided one at a time, in every instance: each locks the source's
     * account key row first.
     */
    Claim claim(ImportSource source, ExportRow row, String importId, long rowNumber) {
        return transactions.execute(tx -> {
            entityManager.find(ImportedKey.class, accountKey(source), LockModeType.PESSIMISTIC_WRITE);
            var range = row.range();
            // Imported ranges of a series never overlap one another, so the one that ends first at or after this
            // range's first number is the only one to look at: any overlapping range means that one overlaps too
            // (and is the same range when the same range is there). One step of an index, however many are imported.
            ImportedRange nearest = entityManager.createQuery("select r from ImportedRange r where r.source = :source"
                            // ordered by the index's columns, so H2 reads the first match off the index unsorted
                            + " and r.series = :series and r.lastSerial >= :first"
                            + " order by r.source, r.series, r.lastSerial",
                            ImportedRange.class)
                    .setParameter("source", source.code).setParameter("series", range.series())
                    .setParameter("first", range.first())
                    .setMaxResults(1).getResultStream().findFirst().orElse(null);
            if (nearest != null && nearest.firstSerial() <= range.last()) {
                boolean same = nearest.firstSerial() == range.first() && nearest.lastSerial() == range.last();
                return new Claim(same ? Outcome.SAME : Outcome.OVERLAP, nearest);
            }
            var claimed = new ImportedRange(UUID.randomUUID().toString(), source, range, row.status(), importId,
                    rowNumber);
            entityManager.persist(claimed);
            return new Claim(Outcome.NEW, claimed);
        });
    }

    /** Gives back a claim whose batch was refused, so a corrected row can be imported later. */
    void release(String batchId) {
        transactions.executeWithoutResult(tx -> {
            ImportedRange range = entityManager.find(ImportedRange.class, batchId);
            if (range != null) {
                entityManager.remove(range);
            }
        });
    }
}
