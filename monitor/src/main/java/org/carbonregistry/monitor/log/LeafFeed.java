package org.carbonregistry.monitor.log;

import org.carbonregistry.ledger.client.LogClient;
import org.carbonregistry.ledger.envelope.EnvelopeVerifier;
import org.carbonregistry.ledger.envelope.SignedEnvelope;
import org.carbonregistry.ledger.tiles.TileSource;
import org.carbonregistry.ledger.tiles.TiledTree;
import org.carbonregistry.ledger.tiles.Tiles;
import org.carbonregistry.monitor.rules.ParsedEntry;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The leaves of one checkpoint's tree from a position on, an entry bundle at a time and in leaf order. Each bundle is
 * fetched (its entries from the tiles, checked against the level 0 tile; the registry's signatures from
 * {@code /api/leaves}), its signatures verified and its entries read on a few threads, some bundles ahead of the
 * replay: the replay waits neither for the network nor for Ed25519, and at most {@code ahead} bundles are held, so
 * memory does not grow with the log.
 */
public final class LeafFeed implements AutoCloseable {

    /** One leaf, fetched and checked as far as it can be on its own. */
    public record Leaf(byte[] entry, byte[] leafHash, LeafSignature signature, ParsedEntry parsed) {
    }

    private final long treeSize;
    private final TileSource tiles;
    private final SignedLeaves signatures;
    private final EnvelopeVerifier registryKey;
    private final int ahead;
    private final ExecutorService workers;
    private final ArrayDeque<Future<List<Leaf>>> pending = new ArrayDeque<>();
    private long nextStart;

    /**
     * @param from    the first leaf to deliver
     * @param threads threads fetching and checking bundles
     * @param ahead   bundles fetched or checked at once, at least {@code threads}
     */
    public LeafFeed(long treeSize, long from, TileSource tiles, LogClient log, EnvelopeVerifier registryKey,
                    int threads, int ahead) {
        if (from < 0 || from > treeSize || threads < 1 || ahead < threads) {
            throw new IllegalArgumentException("need 0 <= from <= treeSize, threads >= 1 and ahead >= threads; got from="
                    + from + " treeSize=" + treeSize + " threads=" + threads + " ahead=" + ahead);
        }
        this.treeSize = treeSize;
        this.nextStart = from;
        this.tiles = tiles;
        this.signatures = new SignedLeaves(log);
        this.registryKey = registryKey;
        this.ahead = ahead;
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "leaf-feed-" + count.incrementAndGet());
            thread.setDaemon(true); // a run that stops early must not be kept alive by a fetch
            return thread;
        });
    }

    public boolean hasNext() {
        return !pending.isEmpty() || nextStart < treeSize;
    }

    /**
     * The next bundle's leaves: up to the next multiple of {@link Tiles#WIDTH}, or the tree's end.
     *
     * @throws org.carbonregistry.ledger.tiles.TileFormatException when the tiles are malformed or disagree
     * @throws IOException                                         when a tile cannot be fetched
     * @throws LogClient.Unreachable                               when {@code /api/leaves} cannot be read
     */
    public List<Leaf> next() throws IOException {
        while (pending.size() < ahead && nextStart < treeSize) {
            long start = nextStart;
            long end = Math.min((start / Tiles.WIDTH + 1) * Tiles.WIDTH, treeSize);
            pending.add(workers.submit(() -> bundle(start, end)));
            nextStart = end;
        }
        Future<List<Leaf>> first = pending.poll();
        if (first == null) {
            throw new IllegalStateException("no leaves left: the tree has " + treeSize);
        }
        try {
            return first.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogClient.Unreachable("interrupted while fetching leaves");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("fetching leaves failed", cause);
        }
    }

    private List<Leaf> bundle(long start, long end) throws IOException {
        // a tree per bundle: TiledTree keeps what it fetched, and a run must not keep every tile
        TiledTree tree = new TiledTree(treeSize, tiles);
        List<byte[]> entries = tree.entries(start, end);
        List<byte[]> leafHashes = tree.leafHashes(start, end); // the level 0 tile entries() checked them against
        List<SignedEnvelope> signed = signatures.range(start, end);
        List<Leaf> leaves = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            byte[] entry = entries.get(i);
            leaves.add(new Leaf(entry, leafHashes.get(i), LeafSignature.check(entry, signed.get(i), registryKey),
                    ParsedEntry.of(entry)));
        }
        return leaves;
    }

    /** Stops the fetches under way; what they fetched is dropped. */
    @Override
    public void close() {
        pending.forEach(future -> future.cancel(true));
        pending.clear();
        workers.shutdownNow();
    }
}
