package org.carbonregistry.ledger.proof;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredLeaf;
import org.carbonregistry.ledger.verify.ConsistencyProofDocument;
import org.carbonregistry.ledger.verify.InclusionProofDocument;

/**
 * Builds proofs from storage: an inclusion proof costs the leaf lookup, the checkpoint lookup and one node
 * query; a consistency proof two checkpoint lookups and one node query. Proofs are only given for tree sizes
 * that have a checkpoint, since a proof is only worth something against a signed root.
 */
public final class ProofService {

    private final LedgerStorage storage;
    private final Proofs proofs;
    private final int retryAfterSeconds;

    public ProofService(LedgerStorage storage, int retryAfterSeconds) {
        this.storage = storage;
        this.proofs = new Proofs(storage.nodes());
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The inclusion proof of an event in the checkpoint at {@code treeSize}, or in the latest checkpoint. */
    public InclusionProofDocument inclusion(String eventIdParameter, Long treeSize) {
        String eventId = eventId(eventIdParameter);
        StoredLeaf leaf = storage.leaves().byEventId(eventId).orElseThrow(() -> ProblemException.notYet("Event not in the ledger",
                "event " + eventId + " is not in the ledger (yet): it may not have been consumed from Kafka", retryAfterSeconds));
        StoredCheckpoint checkpoint;
        if (treeSize == null) {
            checkpoint = storage.checkpoints().latest().orElseThrow(() -> ProblemException.notYet("No checkpoint yet",
                    "event " + eventId + " is leaf " + leaf.leafIndex() + ", but no checkpoint has been sealed yet",
                    retryAfterSeconds));
            if (leaf.leafIndex() >= checkpoint.treeSize()) {
                throw ProblemException.notYet("Event not yet checkpointed", "event " + eventId + " is leaf "
                        + leaf.leafIndex() + ", not yet covered by a checkpoint: the latest covers "
                        + checkpoint.treeSize() + " leaves", retryAfterSeconds);
            }
        } else {
            checkpoint = checkpointAt(treeSize, "treeSize");
            if (leaf.leafIndex() >= checkpoint.treeSize()) {
                throw ProblemException.notFound("Event not in that checkpoint", "event " + eventId + " is leaf "
                        + leaf.leafIndex() + ", which the checkpoint at tree size " + treeSize + " does not cover");
            }
        }
        List<byte[]> path = proofs.inclusion(leaf.leafIndex(), checkpoint.treeSize());
        return new InclusionProofDocument(eventId, leaf.leafIndex(), checkpoint.treeSize(), leaf.envelope(),
                leaf.leafHash(), path, checkpoint.note(), leaf.registrySignature(), leaf.registryKeyId());
    }

    /** The consistency proof between two checkpoint sizes ({@code from} may be 0, the empty tree). */
    public ConsistencyProofDocument consistency(long from, long to) {
        if (from < 0 || to < 0) {
            throw ProblemException.badRequest("from and to must not be negative, were " + from + " and " + to);
        }
        if (from > to) {
            throw ProblemException.badRequest("from (" + from + ") must not be larger than to (" + to + ")");
        }
        checkpointAt(to, "to");
        if (from > 0) {
            checkpointAt(from, "from");
        }
        return new ConsistencyProofDocument(from, to, proofs.consistency(from, to));
    }

    public Optional<StoredCheckpoint> latestCheckpoint() {
        return storage.checkpoints().latest();
    }

    public StoredCheckpoint checkpointAt(long treeSize, String parameter) {
        return storage.checkpoints().at(treeSize).orElseThrow(() -> ProblemException.notFound("No such checkpoint",
                "there is no checkpoint at tree size " + treeSize + " (" + parameter + " must be the tree size of a"
                        + " checkpoint; GET /api/checkpoints lists them)"));
    }

    private static String eventId(String parameter) {
        try {
            String eventId = UUID.fromString(parameter.strip()).toString();
            if (!eventId.equalsIgnoreCase(parameter.strip())) {
                throw new IllegalArgumentException("not in the 8-4-4-4-12 form");
            }
            return eventId;
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("eventId must be a UUID, was '" + parameter + "'");
        }
    }
}
