package org.carbonregistry.ledger.sequencer;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredSequenceAnomaly;

/**
 * What one append transaction did with a batch of records.
 *
 * @param alreadyApplied       records below the stored offset (read again after a rewind), ignored
 * @param duplicates           records whose event id was already a leaf with the same bytes
 * @param quarantinedByReason  the quarantined records counted by reason code (e.g. {@code bad-signature})
 * @param sequenceAnomalies    gaps and repeats in aggregate sequences shown by the appended leaves
 */
public record AppendReport(int appended, int duplicates, int quarantined, int alreadyApplied, long treeSize,
                           Optional<StoredCheckpoint> sealed, Map<String, Integer> quarantinedByReason,
                           List<StoredSequenceAnomaly> sequenceAnomalies) {
}
