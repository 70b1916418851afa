package org.carbonregistry.reporting.projection;

import org.carbonregistry.events.SerialRanges;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What a unit of {@link ProjectionChanges} needs to know about the projection as it stood before it. */
public interface ProjectionLookup {

    /** The ids among {@code eventIds} that were applied before. */
    Set<UUID> knownEventIds(Collection<UUID> eventIds);

    Optional<ProjectionChanges.BatchState> batch(String batchId);

    /** What {@code accountId} held of the batch, or empty if nothing. */
    Optional<SerialRanges> holding(String accountId, String batchId);

    /** The batches among {@code batchIds} that exist; a database answers them in one query. */
    default Map<String, ProjectionChanges.BatchState> batches(Collection<String> batchIds) {
        Map<String, ProjectionChanges.BatchState> found = new HashMap<>();
        batchIds.forEach(id -> batch(id).ifPresent(batch -> found.put(id, batch)));
        return found;
    }

    /** The holdings among {@code keys} that hold something; a database answers them in one query. */
    default Map<HoldingKey, SerialRanges> holdings(Collection<HoldingKey> keys) {
        Map<HoldingKey, SerialRanges> found = new HashMap<>();
        keys.forEach(key -> holding(key.accountId(), key.batchId()).ifPresent(serials -> found.put(key, serials)));
        return found;
    }

    /** The highest event sequence number given so far, 0 if none. */
    long lastSeq();

    /** Nothing projected yet: a fresh projection. */
    ProjectionLookup EMPTY = new ProjectionLookup() {
        @Override
        public Set<UUID> knownEventIds(Collection<UUID> eventIds) {
            return Set.of();
        }

        @Override
        public Optional<ProjectionChanges.BatchState> batch(String batchId) {
            return Optional.empty();
        }

        @Override
        public Optional<SerialRanges> holding(String accountId, String batchId) {
            return Optional.empty();
        }

        @Override
        public long lastSeq() {
            return 0;
        }
    };
}
