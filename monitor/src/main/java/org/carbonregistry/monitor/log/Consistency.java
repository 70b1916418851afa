package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.ledger.checkpoint.Checkpoint;
import org.carbonregistry.ledger.checkpoint.StdBase64;
import org.carbonregistry.ledger.merkle.ProofException;
import org.carbonregistry.ledger.tiles.TileFormatException;
import org.carbonregistry.ledger.tiles.TiledTree;
import org.carbonregistry.monitor.Finding;
import org.carbonregistry.monitor.state.MonitorState.VerifiedCheckpoint;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Whether the tiles of the latest checkpoint's tree give its root, and whether that tree extends the one the monitor
 * verified last: same size and root, or a larger tree with an RFC 9162 consistency proof built from the tiles.
 * Anything else is a fork (or a rollback): the log showed two different histories, and the monitor keeps the one
 * it verified.
 */
public final class Consistency {

    public static final String FORK = "fork";
    public static final String BAD_TILES = "bad-tiles";

    private final TiledTree tree;

    /** @param tree the tiles of the latest checkpoint's tree */
    public Consistency(TiledTree tree) {
        this.tree = tree;
    }

    /** A finding, or empty when the tiles give {@code latest}'s root and {@code latest} extends {@code saved}. */
    public Optional<Finding> check(VerifiedCheckpoint saved, Checkpoint latest) {
        if (saved != null && latest.treeSize() < saved.treeSize()) {
            return finding(FORK, "the log's checkpoint has tree size " + latest.treeSize() + ", smaller than the "
                    + saved.treeSize() + " verified before: the log was rolled back");
        }
        byte[] savedRoot = saved == null ? null : StdBase64.decode(saved.rootHash()).orElseThrow();
        if (saved != null && latest.treeSize() == saved.treeSize() && !Arrays.equals(savedRoot, latest.rootHash())) {
            return finding(FORK, "two checkpoints of tree size " + saved.treeSize() + " with different roots: "
                    + saved.rootHash() + " verified before, " + StdBase64.encode(latest.rootHash()) + " now");
        }
        try {
            tree.verifyRoot(latest.rootHash());
        } catch (ProofException | TileFormatException e) {
            return finding(BAD_TILES, "the tiles of tree size " + latest.treeSize() + " do not give the checkpoint: "
                    + e.getMessage());
        } catch (IOException e) {
            throw new LogClient.Unreachable(e.getMessage());
        }
        if (saved == null) {
            return Optional.empty();
        }
        try {
            tree.verifyConsistency(saved.treeSize(), savedRoot, latest.rootHash());
        } catch (ProofException e) {
            return finding(FORK, "the checkpoint at tree size " + latest.treeSize() + " is not consistent with the"
                    + " checkpoint at " + saved.treeSize() + " (root " + saved.rootHash() + ") verified before: " + e.getMessage());
        } catch (IOException e) {
            throw new LogClient.Unreachable(e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<Finding> finding(String rule, String detail) {
        return Optional.of(Finding.ofLog(rule, detail));
    }
}
