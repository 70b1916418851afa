package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialRanges;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The single writer's memory of what it committed: batches and holdings it wrote (bounded, least recently used
 * first out), the last sequence number and a filter of applied event ids, so that a catch-up does not read back
 * what it has just written. Only
 * {@link #committed} fills it, after a commit; any failure must {@link #clear} it, because then the database and
 * this memory may disagree. Not thread-safe: it belongs to the one thread that writes the projection.
 */
final class CachedLookup implements ProjectionLookup {

    private static final int MAX_BATCHES = 20_000;
    private static final int MAX_HOLDINGS = 100_000;

    private final JdbcProjectionStore store;
    private final Map<String, ProjectionChanges.BatchState> batches = lru(MAX_BATCHES);
    /** A null value: known to hold nothing. */
    private final Map<HoldingKey, SerialRanges> holdings = lru(MAX_HOLDINGS);
    private final AppliedEventIds applied;
    private long lastSeq = -1;

    CachedLookup(JdbcProjectionStore store) {
        this.store = store;
        this.applied = new AppliedEventIds(store::forEachEventId);
    }

    @Override
    public Set<UUID> knownEventIds(Collection<UUID> eventIds) {
        List<UUID> maybe = applied.mayContain(eventIds);
        return maybe.isEmpty() ? Set.of() : store.knownEventIds(maybe);
    }

    @Override
    public Optional<ProjectionChanges.BatchState> batch(String batchId) {
        ProjectionChanges.BatchState cached = batches.get(batchId);
        if (cached != null) {
            return Optional.of(cached.committed()); // a copy: the unit changes it, and may fail
        }
        return store.batch(batchId);
    }

    @Override
    public Optional<SerialRanges> holding(String accountId, String batchId) {
        HoldingKey key = new HoldingKey(accountId, batchId);
        if (holdings.containsKey(key)) {
            return Optional.ofNullable(holdings.get(key));
        }
        return store.holding(accountId, batchId);
    }

    @Override
    public Map<String, ProjectionChanges.BatchState> batches(Collection<String> batchIds) {
        Map<String, ProjectionChanges.BatchState> found = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String batchId : batchIds) {
            ProjectionChanges.BatchState cached = batches.get(batchId);
            if (cached != null) {
                found.put(batchId, cached.committed());
            } else {
                unknown.add(batchId);
            }
        }
        if (!unknown.isEmpty()) {
            found.putAll(store.batches(unknown));
        }
        return found;
    }

    @Override
    public Map<HoldingKey, SerialRanges> holdings(Collection<HoldingKey> keys) {
        Map<HoldingKey, SerialRanges> found = new HashMap<>();
        List<HoldingKey> unknown = new ArrayList<>();
        for (HoldingKey key : keys) {
            if (holdings.containsKey(key)) {
                SerialRanges cached = holdings.get(key);
                if (cached != null) {
                    found.put(key, cached);
                }
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            found.putAll(store.holdings(unknown));
        }
        return found;
    }

    @Override
    public long lastSeq() {
        if (lastSeq < 0) {
            lastSeq = store.lastSeq();
        }
        return lastSeq;
    }

    /** Remembers the state a unit left behind; call only once its transaction has committed. */
    void committed(ProjectionChanges changes) {
        changes.batches().forEach(batch -> batches.put(batch.batchId(), batch.committed()));
        // HoldingState never changes a SerialRanges in place, so the final one can be shared.
        changes.holdings().forEach(holding -> holdings.put(new HoldingKey(holding.accountId(), holding.batchId()),
                holding.serials().isEmpty() ? null : holding.serials()));
        lastSeq = changes.lastSeq();
        applied.addAll(changes.events().stream().map(ProjectionChanges.EventRow::eventId).toList());
    }

    /** Forgets what may now be wrong after a failed unit; the event id filter only ever errs on the safe side. */
    void clear() {
        batches.clear();
        holdings.clear();
        lastSeq = -1;
    }

    /** After the projection was emptied. */
    void forgetEverything() {
        clear();
        applied.clear();
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
