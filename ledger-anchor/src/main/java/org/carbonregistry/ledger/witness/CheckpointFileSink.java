package org.carbonregistry.ledger.witness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.carbonregistry.ledger.sequencer.CheckpointListener;
import org.carbonregistry.ledger.storage.CheckpointStore;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every signed checkpoint to a directory ({@code LEDGER_CHECKPOINT_DIR}) as
 * {@code <tree size, 20 digits>.checkpoint}, plus {@code latest.checkpoint}, each written to a temporary file
 * and moved into place. It catches up from the database on every trigger, so checkpoints sealed while the disk
 * failed (or before a crash) are written later; a copy of this directory elsewhere (backups, another machine)
 * holds the log to what it signed.
 */
public final class CheckpointFileSink implements CheckpointListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CheckpointFileSink.class);
    private static final String SUFFIX = ".checkpoint";
    private static final int PAGE = 1000;

    private final Path directory;
    private final CheckpointStore checkpoints;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private long written = -1;

    public CheckpointFileSink(Path directory, CheckpointStore checkpoints) {
        this.directory = directory;
        this.checkpoints = checkpoints;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-checkpoint-files");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static String fileName(long treeSize) {
        return String.format("%020d", treeSize) + SUFFIX;
    }

    @Override
    public void checkpointSealed(StoredCheckpoint checkpoint) {
        schedule(0);
    }

    @Override
    public void sequencerStarted() {
        schedule(0);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(long delayMillis) {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.schedule(this::catchUp, delayMillis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                queued.set(false);
            }
        }
    }

    private void catchUp() {
        queued.set(false);
        try {
            Files.createDirectories(directory);
            if (written < 0) {
                written = highestWritten();
            }
            List<StoredCheckpoint> page;
            do {
                page = checkpoints.after(written, PAGE);
                for (StoredCheckpoint checkpoint : page) {
                    write(fileName(checkpoint.treeSize()), checkpoint.note());
                    written = checkpoint.treeSize();
                }
                if (!page.isEmpty()) {
                    write("latest" + SUFFIX, page.get(page.size() - 1).note());
                }
            } while (page.size() == PAGE);
        } catch (IOException | RuntimeException e) {
            log.warn("could not write checkpoints to {} ({}); retrying in 5 s", directory, e.toString());
            schedule(5_000);
        }
    }

    private void write(String name, String note) throws IOException {
        Path temporary = Files.createTempFile(directory, ".checkpoint", ".tmp");
        try {
            Files.writeString(temporary, note, StandardCharsets.UTF_8);
            Files.move(temporary, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private long highestWritten() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
                            && name.chars().limit(20).allMatch(Character::isDigit))
                    .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
                    .max().orElse(0);
        }
    }
}
