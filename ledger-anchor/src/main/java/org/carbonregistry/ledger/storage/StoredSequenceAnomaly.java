package org.carbonregistry.ledger.storage;

import java.time.Instant;
import org.carbonregistry.ledger.verify.SequenceAnomaly;

/** A gap or repeat in an aggregate's event sequence, shown by leaf {@code leafIndex} (event {@code eventId}). */
public record StoredSequenceAnomaly(long leafIndex, String eventId, String aggregateId, SequenceAnomaly anomaly,
                                    Instant seenAt) {
}
