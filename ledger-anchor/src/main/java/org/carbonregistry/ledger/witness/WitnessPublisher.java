package org.carbonregistry.ledger.witness;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.carbonregistry.ledger.checkpoint.Cosignature;
import org.carbonregistry.ledger.checkpoint.NoteException;
import org.carbonregistry.ledger.checkpoint.NoteSignature;
import org.carbonregistry.ledger.checkpoint.SignedNote;
import org.carbonregistry.ledger.merkle.Proofs;
import org.carbonregistry.ledger.sequencer.CheckpointListener;
import org.carbonregistry.ledger.storage.LedgerStorage;
import org.carbonregistry.ledger.storage.StoredCheckpoint;
import org.carbonregistry.ledger.storage.StoredCosignature;
import org.carbonregistry.ledger.witness.WitnessClient.Answer;
import org.carbonregistry.ledger.witness.WitnessClient.Conflict;
import org.carbonregistry.ledger.witness.WitnessClient.Cosigned;
import org.carbonregistry.ledger.witness.WitnessClient.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the latest checkpoint, as its plain note ({@link WitnessedCheckpoints}), to each witness on a thread of its own per witness, stores the verified
 * cosignature beside the checkpoint, and retries with exponential backoff while a witness is unreachable or
 * refuses. Only the newest checkpoint is sent: a witness needs no intermediate ones, the consistency proof
 * from its last cosigned size covers them.
 */
public final class WitnessPublisher implements CheckpointListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WitnessPublisher.class);
    private static final int MAX_CONFLICTS_PER_ROUND = 3;

    private final List<Worker> workers;
    private final LedgerStorage storage;
    private final WitnessedCheckpoints plainCheckpoints;
    private final Proofs proofs;
    private final WitnessClient client;
    private final Duration retryMin;
    private final Duration retryMax;

    public WitnessPublisher(List<WitnessEndpoint> witnesses, LedgerStorage storage, WitnessedCheckpoints plainCheckpoints,
                            WitnessClient client, Duration retryMin, Duration retryMax, MeterRegistry meters) {
        this.storage = storage;
        this.plainCheckpoints = plainCheckpoints;
        this.proofs = new Proofs(storage.nodes());
        this.client = client;
        this.retryMin = retryMin;
        this.retryMax = retryMax;
        this.workers = witnesses.stream().map(witness -> new Worker(witness, meters)).toList();
    }

    @Override
    public void checkpointSealed(StoredCheckpoint checkpoint) {
        workers.forEach(Worker::trigger);
    }

    @Override
    public void sequencerStarted() {
        workers.forEach(Worker::trigger);
    }

    @Override
    public void close() {
        workers.forEach(worker -> worker.executor.shutdownNow());
    }

    /** One witness: a single thread, at most one queued run, the size the witness is known to hold. */
    private final class Worker {

        private final WitnessEndpoint witness;
        private final ScheduledExecutorService executor;
        private final AtomicBoolean queued = new AtomicBoolean();
        private final Counter cosigned;
        private final Counter failures;
        private Long witnessSize;
        private Duration backoff;

        Worker(WitnessEndpoint witness, MeterRegistry meters) {
            this.witness = witness;
            this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "ledger-witness-" + witness.name());
                thread.setDaemon(true);
                return thread;
            });
            this.cosigned = Counter.builder("ledger.witness.cosignatures").tag("witness", witness.name())
                    .description("Cosignatures received and stored").register(meters);
            this.failures = Counter.builder("ledger.witness.failures").tag("witness", witness.name())
                    .description("Failed attempts to get a cosignature").register(meters);
            this.backoff = retryMin;
        }

        void trigger() {
            schedule(Duration.ZERO);
        }

        private void schedule(Duration delay) {
            if (queued.compareAndSet(false, true)) {
                try {
                    executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    queued.set(false);
                }
            }
        }

        private void run() {
            queued.set(false);
            try {
                if (submitLatest()) {
                    backoff = retryMin;
                } else {
                    retryLater();
                }
            } catch (IOException e) {
                log.warn("witness {} unreachable ({}); retrying in {}", witness.name(), e.toString(), backoff);
                retryLater();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("witness {}: {}", witness.name(), e.toString(), e);
                retryLater();
            }
        }

        private void retryLater() {
            failures.increment();
            schedule(backoff);
            backoff = backoff.multipliedBy(2).compareTo(retryMax) > 0 ? retryMax : backoff.multipliedBy(2);
        }

        /** True when the witness has cosigned our latest checkpoint (now or before). */
        private boolean submitLatest() throws IOException, InterruptedException {
            Optional<StoredCheckpoint> found = storage.checkpoints().latest();
            if (found.isEmpty()) {
                return true;
            }
            StoredCheckpoint latest = found.get();
            long cosignedSize = storage.checkpoints().latestCosignedSize(witness.name()).orElse(0L);
            if (latest.treeSize() <= cosignedSize) {
                return true;
            }
            long oldSize = witnessSize != null ? witnessSize : cosignedSize;
            String plainNote = plainCheckpoints.plainNote(latest);
            for (int attempt = 0; attempt < MAX_CONFLICTS_PER_ROUND; attempt++) {
                if (oldSize > latest.treeSize()) {
                    log.error("witness {} has cosigned tree size {}, larger than our latest checkpoint {}: this log was"
                            + " rolled back or forked", witness.name(), oldSize, latest.treeSize());
                    return false;
                }
                List<byte[]> proof = oldSize == 0 ? List.of() : proofs.consistency(oldSize, latest.treeSize());
                Answer answer = client.addCheckpoint(witness, oldSize, proof, plainNote);
                if (answer instanceof Cosigned cosignedAnswer) {
                    store(latest, plainNote, cosignedAnswer.signatureLines());
                    witnessSize = latest.treeSize();
                    return true;
                }
                if (answer instanceof Conflict conflict) {
                    if (conflict.witnessSize().isEmpty()) {
                        log.error("witness {} refuses checkpoint {}: it holds a different root for that size ({})",
                                witness.name(), latest.treeSize(), conflict.body().strip());
                        return false;
                    }
                    log.info("witness {} is at tree size {}, not {}; resending from there", witness.name(),
                            conflict.witnessSize().getAsLong(), oldSize);
                    oldSize = conflict.witnessSize().getAsLong();
                    witnessSize = oldSize;
                    continue;
                }
                Refused refused = (Refused) answer;
                log.warn("witness {} answered {} to checkpoint {}: {}", witness.name(), refused.status(),
                        latest.treeSize(), refused.body().strip());
                return false;
            }
            return false;
        }

        private void store(StoredCheckpoint checkpoint, String plainNote, String signatureLines) {
            String cosignedNote = plainNote + signatureLines;
            Cosignature cosignature;
            NoteSignature line;
            try {
                cosignature = witness.verifier().verify(cosignedNote);
                line = SignedNote.parse(cosignedNote).signaturesBy(witness.key()).get(0);
            } catch (NoteException e) {
                throw new IllegalStateException("witness " + witness.name() + " sent no valid cosignature for tree size "
                        + checkpoint.treeSize() + ": " + e.getMessage());
            }
            storage.checkpoints().addCosignature(new StoredCosignature(checkpoint.treeSize(), witness.name(),
                    line.line().strip(), cosignature.time()));
            cosigned.increment();
            log.debug("witness {} cosigned tree size {}", witness.name(), checkpoint.treeSize());
        }
    }
}
