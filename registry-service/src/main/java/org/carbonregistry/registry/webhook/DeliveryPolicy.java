package org.carbonregistry.registry.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import static java.time.temporal.ChronoUnit.MILLIS;

/**
 * When to try a failed delivery again, when to give it up, and when a webhook that keeps failing is disabled.
 * Pure, so the 24-hour rules can be tested with any clock.
 *
 * @param initialBackoff the wait after the first failed attempt; it doubles with each further one
 * @param maxBackoff     the longest wait between two attempts
 * @param retryFor       how long a delivery is retried, from when it was owed
 * @param disableAfter   how long a webhook may fail without a single success before it is disabled
 */
record DeliveryPolicy(Duration initialBackoff, Duration maxBackoff, Duration retryFor, Duration disableAfter) {

    DeliveryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalStateException("webhook backoff must be positive and its maximum at least the initial"
                    + " backoff (REGISTRY_WEBHOOK_INITIAL_BACKOFF, REGISTRY_WEBHOOK_MAX_BACKOFF)");
        }
    }

    /**
     * The next attempt after {@code failedAttempts} failures: exponential, capped, with jitter in the upper half
     * so that deliveries failed together do not come back together. Null once the delivery is given up.
     */
    Instant nextAttempt(Instant owedSince, int failedAttempts, Instant now, RandomGenerator random) {
        Instant giveUpAt = owedSince.plus(retryFor);
        if (!now.isBefore(giveUpAt)) {
            return null;
        }
        long cap = maxBackoff.toMillis();
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 62);
        long backoff = Math.min(cap, initialBackoff.toMillis() << Math.min(doublings, 40));
        if (backoff <= 0) {
            backoff = cap;
        }
        long jittered = backoff / 2 + random.nextLong(backoff / 2 + 1);
        Instant next = now.plusMillis(jittered);
        // one last attempt at the end of the period rather than none
        return next.isAfter(giveUpAt) ? giveUpAt : next;
    }

    /** A webhook failing since {@code failingSince} with no success in between, failing again at {@code now}. */
    boolean disables(Instant failingSince, Instant now) {
        return !now.isBefore(failingSince.plus(disableAfter));
    }

    /**
     * Why a webhook was disabled, as its owner reads it: the rule that applied and how the last attempt ended
     * ({@code lastFailure}: a status code or the error), so the receiver's fault can be found without the logs.
     * Times to the millisecond, for people.
     */
    String disabledReason(Instant failingSince, Instant lastAttemptAt, String lastFailure) {
        return "every delivery failed for " + readable(disableAfter) + " (since " + failingSince.truncatedTo(MILLIS)
                + "); last attempt at " + lastAttemptAt.truncatedTo(MILLIS) + ": " + lastFailure;
    }

    /** PT24H as 24h, PT1H30M as 1h30m, PT2S as 2s: as the settings are written. */
    private static String readable(Duration duration) {
        return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
