package org.carbonregistry.monitor.log;

import com.fasterxml.jackson.databind.JsonNode;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.merkle.ProofVerifier;
import org.carbonregistry.monitor.Finding;
import org.carbonregistry.monitor.state.MonitorState.VerifiedCheckpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether the log's latest checkpoint extends the one the monitor verified last: same size and root, or a larger
 * tree with an RFC 9162 consistency proof between the two roots. Anything else is a fork (or a rollback): the log
 * showed two different histories, and the monitor keeps the one it verified.
 */
public final class Consistency {

    public static final String FORK = "fork";

    private final LogClient log;

    public Consistency(LogClient log) {
        this.log = log;
    }

    /** A fork finding, or empty when {@code latest} is consistent with {@code saved} (or nothing was saved). */
    public Optional<Finding> check(VerifiedCheckpoint saved, Checkpoint latest) {
        if (saved == null) {
            return Optional.empty();
        }
        byte[] savedRoot = StdBase64.decode(saved.rootHash()).orElseThrow();
        if (latest.treeSize() < saved.treeSize()) {
            return fork("the log's checkpoint has tree size " + latest.treeSize() + ", smaller than the "
                    + saved.treeSize() + " verified before: the log was rolled back");
        }
        if (latest.treeSize() == saved.treeSize()) {
            return Arrays.equals(savedRoot, latest.rootHash()) ? Optional.empty()
                    : fork("two checkpoints of tree size " + saved.treeSize() + " with different roots: "
                    + saved.rootHash() + " verified before, " + StdBase64.encode(latest.rootHash()) + " now");
        }
        if (saved.treeSize() == 0) {
            return Optional.empty();
        }
        JsonNode proof = log.json("/api/proofs/consistency?from=" + saved.treeSize() + "&to=" + latest.treeSize());
        List<byte[]> path = new ArrayList<>();
        for (JsonNode hash : proof.path("path")) {
            path.add(StdBase64.decode(hash.asText()).orElse(new byte[0]));
        }
        if (!ProofVerifier.isValidConsistency(saved.treeSize(), latest.treeSize(), savedRoot, latest.rootHash(), path)) {
            return fork("the checkpoint at tree size " + latest.treeSize() + " is not consistent with the checkpoint at "
                    + saved.treeSize() + " (root " + saved.rootHash() + ") verified before");
        }
        return Optional.empty();
    }

    private static Optional<Finding> fork(String detail) {
        return Optional.of(Finding.ofLog(FORK, detail));
    }
}
