package org.carbonregistry.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Sends requests open loop: request i is due at start + i / rate whatever happened to earlier ones, and its
 * latency runs from that due time to its answer. A slow server therefore shows up in the figures instead of
 * quietly slowing the driver down (no coordinated omission). At most {@code window} requests are in flight;
 * waiting for a free slot counts as latency too.
 */
public final class OpenLoop {

    /** How far the driver may fall behind its schedule before it gives up sending the rest. */
    private static final Duration SEND_GRACE = Duration.ofSeconds(10);

    private OpenLoop() {
    }

    /**
     * Sends {@code count} requests at {@code rate} per second. When the server is so slow that all of the
     * window is still in flight {@link #SEND_GRACE} after the last request was due, the rest are not sent and
     * count as errors, so an overloaded server cannot stretch a run without end.
     *
     * @param send         starts request i; its future completes with null when it succeeded, else with what
     *                     went wrong
     * @param answerWithin how long to wait for the last answers after the last send
     * @return from the first due time to the last answer
     */
    public static Duration run(int rate, int count, int window, Duration answerWithin, LatencyRecorder recorder,
                               IntFunction<CompletableFuture<String>> send) throws InterruptedException {
        Semaphore inFlight = new Semaphore(window);
        CountDownLatch answered = new CountDownLatch(count);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        long sendDeadline = start + (count - 1) * interval + SEND_GRACE.toNanos();
        long[] lastAnswer = {start};
        int sent = 0;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            if (!inFlight.tryAcquire(Math.max(0, sendDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            sent++;
            send.apply(i).whenComplete((problem, failure) -> {
                long now = System.nanoTime();
                recorder.record(now - due);
                if (failure != null) {
                    recorder.error(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                } else if (problem != null) {
                    recorder.error(problem);
                }
                synchronized (lastAnswer) {
                    lastAnswer[0] = Math.max(lastAnswer[0], now);
                }
                inFlight.release();
                answered.countDown();
            });
        }
        for (int unsent = count - sent; unsent > 0; unsent--) {
            recorder.error("not sent: " + window + " requests still in flight " + SEND_GRACE.toSeconds()
                    + " s after the last was due");
            answered.countDown();
        }
        // The requests' own timeouts should end every request; this bound is for one that does not.
        if (!answered.await(answerWithin.toSeconds(), TimeUnit.SECONDS)) {
            for (long missing = answered.getCount(); missing > 0; missing--) {
                recorder.error("no answer and no timeout " + answerWithin.toSeconds() + " s after the last send");
            }
        }
        synchronized (lastAnswer) {
            return Duration.ofNanos(lastAnswer[0] - start);
        }
    }
}
