package org.carbonregistry.ledger.sequencer;

import org.carbonregistry.ledger.storage.StoredCheckpoint;

/**
 * Told about each checkpoint after its transaction committed, on the sequencer's thread: implementations hand
 * the work to a thread of their own, since nothing may slow sequencing down.
 */
public interface CheckpointListener {

    void checkpointSealed(StoredCheckpoint checkpoint);

    /** This instance became the sequencer; a listener may catch up on checkpoints it missed. */
    default void sequencerStarted() {
    }
}
