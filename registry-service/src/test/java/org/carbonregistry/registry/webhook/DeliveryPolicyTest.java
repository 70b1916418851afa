package org.carbonregistry.registry.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry and disable rules, with the time of each attempt given, as a controllable clock would. */
class DeliveryPolicyTest {

    private static final Instant OWED = Instant.parse("2026-03-01T12:00:00Z");
    private final DeliveryPolicy policy = new DeliveryPolicy(Duration.ofSeconds(5), Duration.ofHours(1),
            Duration.ofHours(24), Duration.ofHours(24));
    private final Random random = new Random(42);

    @Test
    void theWaitDoublesWithEachFailureWithJitterInItsUpperHalfUpToTheMaximum() {
        for (int failures = 1; failures <= 12; failures++) {
            long full = Math.min(5_000L << (failures - 1), Duration.ofHours(1).toMillis());
            for (int sample = 0; sample < 200; sample++) {
                Instant now = OWED.plusSeconds(failures);
                Duration wait = Duration.between(now, policy.nextAttempt(OWED, failures, now, random));
                assertThat(wait.toMillis()).as("wait after %s failures", failures).isBetween(full / 2, full);
            }
        }
        Instant now = OWED.plusSeconds(60);
        assertThat(Duration.between(now, policy.nextAttempt(OWED, 1_000, now, random)))
                .isLessThanOrEqualTo(Duration.ofHours(1)).isGreaterThanOrEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aDeliveryIsTriedForTwentyFourHoursWithALastAttemptAtTheEndThenGivenUp() {
        Instant nearlyDayLater = OWED.plus(Duration.ofHours(24)).minusSeconds(10);
        assertThat(policy.nextAttempt(OWED, 30, nearlyDayLater, random)).isEqualTo(OWED.plus(Duration.ofHours(24)));
        assertThat(policy.nextAttempt(OWED, 31, OWED.plus(Duration.ofHours(24)), random)).isNull();
        assertThat(policy.nextAttempt(OWED, 31, OWED.plus(Duration.ofDays(3)), random)).isNull();
    }

    @Test
    void aWebhookIsDisabledWhenItHasFailedWithoutASuccessForTwentyFourHours() {
        Instant failingSince = OWED;
        assertThat(policy.disables(failingSince, failingSince)).isFalse();
        assertThat(policy.disables(failingSince, failingSince.plus(Duration.ofHours(24)).minusMillis(1))).isFalse();
        assertThat(policy.disables(failingSince, failingSince.plus(Duration.ofHours(24)))).isTrue();
        assertThat(policy.disables(failingSince, failingSince.plus(Duration.ofDays(2)))).isTrue();
    }

    @Test
    void theReasonForDisablingNamesTheRuleItsStartAndHowTheLastAttemptEnded() {
        Instant lastAttempt = OWED.plus(Duration.ofHours(24)).plusSeconds(7);
        assertThat(policy.disabledReason(OWED, lastAttempt, "HTTP 503")).isEqualTo("every delivery failed for 24h"
                + " (since 2026-03-01T12:00:00Z); last attempt at 2026-03-02T12:00:07Z: HTTP 503");
        DeliveryPolicy quick = new DeliveryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofMinutes(90).plusSeconds(30));
        assertThat(quick.disabledReason(OWED, lastAttempt, "ConnectException: could not connect"))
                .startsWith("every delivery failed for 1h30m30s (since ")
                .endsWith(": ConnectException: could not connect");
    }

    @Test
    void aBackoffThatCannotWorkStopsTheStart() {
        assertThatThrownBy(() -> new DeliveryPolicy(Duration.ZERO, Duration.ofHours(1), Duration.ofHours(24),
                Duration.ofHours(24))).hasMessageContaining("REGISTRY_WEBHOOK_INITIAL_BACKOFF");
        assertThatThrownBy(() -> new DeliveryPolicy(Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofHours(24),
                Duration.ofHours(24))).hasMessageContaining("REGISTRY_WEBHOOK_MAX_BACKOFF");
    }
}
