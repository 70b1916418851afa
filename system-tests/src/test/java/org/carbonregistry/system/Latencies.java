package org.carbonregistry.system;

import org.carbonregistry.system.stack.Api;
import org.carbonregistry.system.stack.RegistryStack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Measures, for a sample of accepted commands, how long after the registry accepted it its event is covered by a
 * checkpoint (the ledger serves its inclusion proof) and, for retirements, is visible in reporting
 * ({@code GET /api/retirements/{id}} answers). One thread polls every pending sample every 100 ms.
 */
final class Latencies implements AutoCloseable {

    private record Pending(String url, String key, long acceptedAtNanos) {
    }

    private final Api api = new Api();
    private final RegistryStack stack;
    private final int everyNthCommand;
    private final int everyNthRetirement;
    private final ConcurrentLinkedQueue<Pending> newCheckpointSamples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Pending> newReportSamples = new ConcurrentLinkedQueue<>();
    private final List<Long> toCheckpoint = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> toReport = Collections.synchronizedList(new ArrayList<>());
    private final List<Pending> pendingCheckpoint = new ArrayList<>();
    private final List<Pending> pendingReport = new ArrayList<>();
    private final Thread poller;
    private volatile boolean stopped;
    private int retirements;

    Latencies(RegistryStack stack, int everyNthCommand, int everyNthRetirement) {
        this.stack = stack;
        this.everyNthCommand = everyNthCommand;
        this.everyNthRetirement = everyNthRetirement;
        this.poller = new Thread(this::poll, "latency-poller");
        poller.setDaemon(true);
        poller.start();
    }

    void accepted(Workload.Accepted command) {
        if (command.number() % everyNthCommand == 0) {
            newCheckpointSamples.add(new Pending(stack.ledger().url() + "/api/proofs/inclusion?eventId=" + command.eventId(),
                    null, command.acceptedAtNanos()));
        }
        if (command.kind() == Workload.Kind.RETIRE && nextRetirement() % everyNthRetirement == 0) {
            newReportSamples.add(new Pending(stack.reporting().url() + "/api/retirements/" + command.retirementId(),
                    RegistryStack.ADMIN_KEY, command.acceptedAtNanos()));
        }
    }

    private synchronized int nextRetirement() {
        return retirements++;
    }

    /** Waits until every sample so far was seen (or the timeout passed), then prints the figures. */
    void awaitAndPrint(String label, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !(newCheckpointSamples.isEmpty() && newReportSamples.isEmpty() && idle())) {
            Thread.sleep(100);
        }
        System.out.printf("%s: accepted -> covered by a checkpoint: %s%n", label, summary(toCheckpoint));
        System.out.printf("%s: accepted -> visible in reporting:    %s%n", label, summary(toReport));
    }

    private synchronized boolean idle() {
        return pendingCheckpoint.isEmpty() && pendingReport.isEmpty();
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return "no samples";
        }
        Collections.sort(sorted);
        return String.format("%d samples, p50 %d ms, p99 %d ms, max %d ms", sorted.size(), millis(sorted, 0.50),
                millis(sorted, 0.99), sorted.get(sorted.size() - 1) / 1_000_000);
    }

    private static long millis(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1)) / 1_000_000;
    }

    private void poll() {
        while (!stopped) {
            synchronized (this) {
                drain(newCheckpointSamples, pendingCheckpoint);
                drain(newReportSamples, pendingReport);
                check(pendingCheckpoint, toCheckpoint);
                check(pendingReport, toReport);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void drain(ConcurrentLinkedQueue<Pending> from, List<Pending> to) {
        for (Pending next; (next = from.poll()) != null; ) {
            to.add(next);
        }
    }

    private void check(List<Pending> pending, List<Long> seen) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending sample = it.next();
            try {
                if (api.get(sample.url(), sample.key()).status() == 200) {
                    seen.add(System.nanoTime() - sample.acceptedAtNanos());
                    it.remove();
                }
            } catch (java.io.IOException notNow) {
                // the service is down or restarting: the sample stays pending
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        poller.interrupt();
        poller.join(5_000);
    }
}
