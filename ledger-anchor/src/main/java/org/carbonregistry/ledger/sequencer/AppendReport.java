package org.carbonregistry.ledger.sequencer;

import java.util.Optional;
import org.carbonregistry.ledger.storage.StoredCheckpoint;

/**
 * What one append transaction did with a batch of records.
 *
 * @param alreadyApplied records below the stored offset (read again after a rewind), ignored
 * @param duplicates     records whose event id was already a leaf with the same bytes
 */
public record AppendReport(int appended, int duplicates, int quarantined, int alreadyApplied, long treeSize,
                           Optional<StoredCheckpoint> sealed) {
}
