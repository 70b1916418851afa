package org.carbonregistry.registry.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Sends the same kind of request from many threads released at once, as callers that resend a 409 do. */
public final class Racers {

    /** A 409 asks the caller to resend; a bounded number of times, so that the test ends. */
    private static final int MAX_TRIES = 20;

    private Racers() {
    }

    /** Each racer's final answer; {@code request} gets the racer's number. */
    public static List<Api.Response> race(int racers, IntFunction<Api.Response> request) throws Exception {
        return race(racers, request, MAX_TRIES);
    }

    /** Each racer's first answer, a 409 included: for requests the registry should answer without one. */
    public static List<Api.Response> once(int racers, IntFunction<Api.Response> request) throws Exception {
        return race(racers, request, 1);
    }

    private static List<Api.Response> race(int racers, IntFunction<Api.Response> request, int maxTries)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> sent = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int racer = i;
                sent.add(pool.submit(() -> {
                    start.await();
                    for (int tries = 1; ; tries++) {
                        Api.Response response = request.apply(racer);
                        if (response.status() != 409 || tries == maxTries) {
                            return response;
                        }
                    }
                }));
            }
            start.countDown();
            List<Api.Response> outcomes = new ArrayList<>();
            for (Future<Api.Response> outcome : sent) {
                outcomes.add(outcome.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
