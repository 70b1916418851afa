package org.carbonregistry.ledger.sequencer;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.ArrayList;
import org.carbonregistry.ledger.storage.SequenceStore;
import org.carbonregistry.ledger.storage.StoredSequenceAnomaly;
import org.carbonregistry.ledger.verify.SequenceAnomaly;

/**
 * Follows each aggregate's envelope {@code sequence} over the appended leaves and records every gap or repeat
 * ({@link SequenceAnomaly}). Runs inside the append transaction: the last sequences, the anomalies and the number of
 * leaves tracked commit with the leaves.
 */
final class SequenceTracker {

    /** An appended leaf's place in its aggregate's sequence. */
    record Tracked(long leafIndex, String eventId, String aggregateId, long sequence) {
    }

    private final SequenceStore store;

    SequenceTracker(SequenceStore store) {
        this.store = store;
    }

    /** Tracks {@code leaves} (consecutive, in leaf order, ending at tree size {@code trackedLeaves}). */
    List<StoredSequenceAnomaly> track(List<Tracked> leaves, long trackedLeaves, Instant now) {
        if (leaves.isEmpty()) {
            return List.of();
        }
        Set<String> aggregates = new LinkedHashSet<>();
        leaves.forEach(leaf -> aggregates.add(leaf.aggregateId()));
        Map<String, Long> known = store.lastSequences(aggregates);
        Map<String, Long> last = new HashMap<>(known);
        List<StoredSequenceAnomaly> anomalies = new ArrayList<>();
        for (Tracked leaf : leaves) {
            Long previous = last.get(leaf.aggregateId());
            SequenceAnomaly.of(previous, leaf.sequence()).ifPresent(anomaly -> anomalies.add(
                    new StoredSequenceAnomaly(leaf.leafIndex(), leaf.eventId(), leaf.aggregateId(), anomaly, now)));
            last.put(leaf.aggregateId(), SequenceAnomaly.lastAfter(previous, leaf.sequence()));
        }
        Map<String, Long> changed = new LinkedHashMap<>();
        last.forEach((aggregate, sequence) -> {
            if (!Objects.equals(known.get(aggregate), sequence)) {
                changed.put(aggregate, sequence);
            }
        });
        store.saveLastSequences(changed, known.keySet());
        store.insertAnomalies(anomalies);
        store.setTrackedLeaves(trackedLeaves);
        return anomalies;
    }
}
