package org.carbonregistry.registry.webhook;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Re-enabling, and which events a hook is owed, with the times given. */
class WebhookRecordTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00Z");

    private static WebhookRecord hook() {
        return new WebhookRecord("hook", "account", "https://hooks.example.com/", "whsec_x",
                List.of("CreditsRetired"), CREATED);
    }

    @Test
    void reenablingADisabledHookClearsItsFailuresAndOwesItOnlyWhatOccursFromThenOn() {
        WebhookRecord hook = hook();
        Instant failing = CREATED.plusSeconds(60);
        hook.failed(failing);
        Instant disabled = failing.plusSeconds(86_400);
        hook.disable(disabled, "every delivery failed for 24h");
        Instant reenabled = disabled.plusSeconds(3_600);

        assertThat(hook.reenable(reenabled)).isTrue();
        assertThat(hook.status()).isEqualTo(WebhookRecord.Status.ACTIVE);
        assertThat(hook.failingSince()).isNull();
        assertThat(hook.disabledAt()).isNull();
        assertThat(hook.disabledReason()).isNull();
        assertThat(hook.reenabledAt()).isEqualTo(reenabled);
        assertThat(hook.url()).isEqualTo("https://hooks.example.com/");
        assertThat(hook.secret()).isEqualTo("whsec_x");

        // occurred while it was disabled, reached by the fan-out only now: not owed
        assertThat(hook.owes(disabled.plusSeconds(1))).isFalse();
        assertThat(hook.owes(reenabled.minusMillis(1))).isFalse();
        assertThat(hook.owes(reenabled)).isTrue();
        assertThat(hook.owes(reenabled.plusSeconds(1))).isTrue();
        // its next failure starts a new day
        assertThat(hook.failed(reenabled.plusSeconds(5))).isEqualTo(reenabled.plusSeconds(5));
    }

    @Test
    void anActiveHookIsLeftAsItIsItsFailuresStillCounting() {
        WebhookRecord hook = hook();
        Instant failing = CREATED.plusSeconds(60);
        hook.failed(failing);

        assertThat(hook.reenable(failing.plusSeconds(10))).isFalse();
        assertThat(hook.status()).isEqualTo(WebhookRecord.Status.ACTIVE);
        assertThat(hook.failingSince()).isEqualTo(failing);
        assertThat(hook.reenabledAt()).isNull();
        assertThat(hook.owes(CREATED.minusMillis(1))).isFalse();
        assertThat(hook.owes(CREATED)).isTrue();
    }
}
